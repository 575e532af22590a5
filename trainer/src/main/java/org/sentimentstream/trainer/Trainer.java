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
import java.util.Random;

/**
 * Trains the network: naive-Bayes ratios from the training reviews, then Adam epochs over seeded shuffles with
 * early stopping on validation loss, keeping the best epoch's weights.
 */
public final class Trainer {
    private static final int EVAL_BATCH = 1000;

    private final Hyperparameters hp;
    private final PrintStream log;

    public Trainer(Hyperparameters hp, PrintStream log) {
        this.hp = hp;
        this.log = log;
    }

    public TrainingRun train(List<ImdbReview> train, List<ImdbReview> validation) {
        long start = System.nanoTime();
        try (TrainingGraph graph = new TrainingGraph(hp.shape(), hp.adam(), hp.dropout(), hp.seed(), hp.threads())) {
            float[] ratios = naiveBayes(graph, train);
            graph.assign(ParameterValues.initial(hp.shape(), ratios, hp.seed()));
            List<EpochResult> history = new ArrayList<>();
            double bestLoss = Double.POSITIVE_INFINITY;
            int bestEpoch = 0;
            long step = 0;
            int batches = (train.size() + hp.batchSize() - 1) / hp.batchSize();
            for (int epoch = 1; epoch <= hp.maxEpochs(); epoch++) {
                long epochStart = System.nanoTime();
                List<ImdbReview> order = new ArrayList<>(train);
                Collections.shuffle(order, new Random(hp.seed() * 1_000_003L + epoch));
                ProgressBar bar = new ProgressBar("Epoch " + epoch + "/" + hp.maxEpochs(), batches,
                        ProgressBar::count);
                double lossSum = 0;
                long correct = 0;
                for (int b = 0; b < batches; b++) {
                    List<ImdbReview> batch = order.subList(b * hp.batchSize(),
                            Math.min(order.size(), (b + 1) * hp.batchSize()));
                    int[] labels = labels(batch);
                    float[] logits = graph.step(texts(batch), toFloats(labels), ++step);
                    BinaryMetrics m = BinaryMetrics.of(logits, labels);
                    lossSum += m.logLoss() * batch.size();
                    correct += m.tp() + m.tn();
                    bar.update(b + 1);
                }
                bar.finish(batches);
                BinaryMetrics val = evaluate(graph, validation);
                EpochResult result = new EpochResult(epoch, lossSum / train.size(), (double) correct / train.size(),
                        val.logLoss(), val.accuracy(), (System.nanoTime() - epochStart) / 1e9);
                history.add(result);
                log.println(result.line(hp.maxEpochs()));
                if (result.valLoss() < bestLoss) {
                    bestLoss = result.valLoss();
                    bestEpoch = epoch;
                    graph.saveBest();
                } else if (epoch - bestEpoch >= hp.patience()) {
                    log.printf("early stopping: no lower val_loss for %d epochs, restoring epoch %d%n",
                            hp.patience(), bestEpoch);
                    break;
                }
            }
            graph.restoreBest();
            return new TrainingRun(graph.values(), List.copyOf(history), bestEpoch,
                    (System.nanoTime() - start) / 1e9);
        }
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

    private static BinaryMetrics evaluate(TrainingGraph graph, List<ImdbReview> reviews) {
        float[] logits = new float[reviews.size()];
        for (int from = 0; from < reviews.size(); from += EVAL_BATCH) {
            List<ImdbReview> batch = reviews.subList(from, Math.min(reviews.size(), from + EVAL_BATCH));
            System.arraycopy(graph.logits(texts(batch)), 0, logits, from, batch.size());
        }
        return BinaryMetrics.of(logits, labels(reviews));
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
