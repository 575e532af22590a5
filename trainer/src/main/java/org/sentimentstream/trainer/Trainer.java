package org.sentimentstream.trainer;

import org.sentimentstream.model.BinaryMetrics;
import org.sentimentstream.trainer.console.ProgressBar;
import org.sentimentstream.trainer.graph.ParameterValues;
import org.sentimentstream.trainer.graph.TrainingGraph;
import org.sentimentstream.trainer.imdb.ImdbReview;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Trains the network: naive-Bayes ratios from the training reviews, then Adam epochs over seeded shuffles; a
 * selection run stops early on validation loss and keeps the best epoch's weights, a refit trains a fixed number of
 * epochs on every review it is given.
 */
public final class Trainer {
    private static final int EVAL_BATCH = 1000;

    private final Hyperparameters hp;
    private final PrintStream log;

    public Trainer(Hyperparameters hp, PrintStream log) {
        this.hp = hp;
        this.log = log;
    }

    /**
     * The selection run: epochs until the validation loss has not fallen for {@code patience} epochs, keeping the
     * best epoch's weights and its validation logits.
     */
    public TrainingRun train(List<ImdbReview> train, List<ImdbReview> validation) {
        long start = System.nanoTime();
        try (TrainingGraph graph = start(train)) {
            List<EpochResult> history = new ArrayList<>();
            double bestLoss = Double.POSITIVE_INFINITY;
            int bestEpoch = 0;
            float[] bestLogits = new float[0];
            for (int epoch = 1; epoch <= hp.maxEpochs(); epoch++) {
                long epochStart = System.nanoTime();
                BinaryMetrics trained = epoch(graph, train, epoch, "Epoch " + epoch + "/" + hp.maxEpochs());
                float[] logits = logits(graph, validation);
                BinaryMetrics val = BinaryMetrics.of(logits, labels(validation));
                EpochResult result = new EpochResult(epoch, trained.logLoss(), trained.accuracy(), val.logLoss(),
                        val.accuracy(), (System.nanoTime() - epochStart) / 1e9);
                history.add(result);
                log.println(result.line(hp.maxEpochs()));
                if (result.valLoss() < bestLoss) {
                    bestLoss = result.valLoss();
                    bestEpoch = epoch;
                    bestLogits = logits;
                    graph.saveBest();
                } else if (epoch - bestEpoch >= hp.patience()) {
                    log.printf("early stopping: no lower val_loss for %d epochs, restoring epoch %d%n",
                            hp.patience(), bestEpoch);
                    break;
                }
            }
            graph.restoreBest();
            return new TrainingRun(graph.values(), List.copyOf(history), bestEpoch, bestLogits, labels(validation),
                    (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * The refit: the same network, seed and settings trained on {@code train} for exactly {@code epochs} epochs,
     * with nothing held out; the last epoch's weights are kept.
     *
     * @param name names the run in the log's epoch lines ({@code "Refit"}: {@code Refit epoch 5/30 - ...})
     */
    public ParameterValues refit(List<ImdbReview> train, int epochs, String name) {
        try (TrainingGraph graph = start(train)) {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                long epochStart = System.nanoTime();
                BinaryMetrics trained = epoch(graph, train, epoch, name + " epoch " + epoch + "/" + epochs);
                log.printf(Locale.ROOT, "%s epoch %d/%d - %.1fs - loss: %.4f - accuracy: %.4f%n", name, epoch,
                        epochs, (System.nanoTime() - epochStart) / 1e9, trained.logLoss(), trained.accuracy());
            }
            return graph.values();
        }
    }

    /** A training graph with seeded initial weights and naive-Bayes ratios counted on {@code train}. */
    private TrainingGraph start(List<ImdbReview> train) {
        TrainingGraph graph = new TrainingGraph(hp.shape(), hp.adam(), hp.dropout(), hp.seed(), hp.threads());
        try {
            graph.assign(ParameterValues.initial(hp.shape(), naiveBayes(graph, train), hp.seed()));
            return graph;
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    /**
     * One pass over a seeded shuffle of {@code train}.
     *
     * @return the batches' loss and accuracy as they were scored before each step (with dropout)
     */
    private BinaryMetrics epoch(TrainingGraph graph, List<ImdbReview> train, int epoch, String progress) {
        List<ImdbReview> order = new ArrayList<>(train);
        Collections.shuffle(order, new Random(hp.seed() * 1_000_003L + epoch));
        int batches = (train.size() + hp.batchSize() - 1) / hp.batchSize();
        ProgressBar bar = new ProgressBar(progress, batches, ProgressBar::count);
        float[] logits = new float[order.size()];
        for (int b = 0; b < batches; b++) {
            int from = b * hp.batchSize();
            List<ImdbReview> batch = order.subList(from, Math.min(order.size(), from + hp.batchSize()));
            long step = (long) (epoch - 1) * batches + b + 1;
            float[] batchLogits = graph.step(texts(batch), toFloats(labels(batch)), step);
            System.arraycopy(batchLogits, 0, logits, from, batch.size());
            bar.update(b + 1);
        }
        bar.finish(batches);
        return BinaryMetrics.of(logits, labels(order));
    }

    private float[] naiveBayes(TrainingGraph graph, List<ImdbReview> train) {
        NaiveBayesWeights counts = new NaiveBayesWeights(hp.buckets());
        for (int from = 0; from < train.size(); from += EVAL_BATCH) {
            List<ImdbReview> batch = train.subList(from, Math.min(train.size(), from + EVAL_BATCH));
            long[][] features = graph.features(texts(batch));
            counts.add(features[0], features[1], labels(batch));
        }
        return counts.ratios(hp.nbAlpha());
    }

    private static float[] logits(TrainingGraph graph, List<ImdbReview> reviews) {
        float[] logits = new float[reviews.size()];
        for (int from = 0; from < reviews.size(); from += EVAL_BATCH) {
            List<ImdbReview> batch = reviews.subList(from, Math.min(reviews.size(), from + EVAL_BATCH));
            System.arraycopy(graph.logits(texts(batch)), 0, logits, from, batch.size());
        }
        return logits;
    }

    static List<String> texts(List<ImdbReview> reviews) {
        return reviews.stream().map(ImdbReview::text).toList();
    }

    static int[] labels(List<ImdbReview> reviews) {
        return reviews.stream().mapToInt(ImdbReview::label).toArray();
    }

    private static float[] toFloats(int[] labels) {
        float[] floats = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            floats[i] = labels[i];
        }
        return floats;
    }
}
