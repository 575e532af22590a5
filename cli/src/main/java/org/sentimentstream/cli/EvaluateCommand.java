package org.sentimentstream.cli;

import org.sentimentstream.model.BinaryMetrics;
import org.sentimentstream.model.Reliability;
import org.sentimentstream.model.SentimentModel;
import org.sentimentstream.trainer.ReliabilityDiagram;
import org.sentimentstream.trainer.imdb.ImdbReview;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ./sentiment evaluate}: scores an IMDB split with the served model and prints its metrics. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Score an IMDB split with the served model (DJL) and print accuracy, precision, recall, "
                + "F1, ROC AUC, log loss, expected calibration error and the confusion matrix; draw a reliability "
                + "diagram.")
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--model-dir", paramLabel = "DIR", defaultValue = SentimentCli.DEFAULT_MODEL_DIR,
            description = "Model to evaluate (default: ${DEFAULT-VALUE}).")
    Path modelDir;

    @Mixin
    ImdbDataOption data;

    @Option(names = "--split", defaultValue = "test", description = "train or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--batch-size", defaultValue = "1000",
            description = "Reviews per TensorFlow call (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--chart", paramLabel = "FILE", defaultValue = "out/reliability.png",
            description = "Where to write the reliability diagram (default: ${DEFAULT-VALUE}).")
    Path chart;

    @Override
    public Integer call() throws IOException {
        try (SentimentModel model = SentimentModel.load(modelDir)) {
            List<ImdbReview> reviews = data.read().split(split);
            float[] logits = model.logits(reviews.stream().map(ImdbReview::text).toList(), batchSize);
            int[] labels = reviews.stream().mapToInt(ImdbReview::label).toArray();
            String version = model.metadata().modelVersion();
            Reliability reliability = Reliability.of(logits, labels);
            print(BinaryMetrics.of(logits, labels), reliability, version);
            ReliabilityDiagram.write(reliability, "Model " + version + ", " + split + " split", chart);
            System.out.println("reliability diagram: " + chart);
        }
        return 0;
    }

    private void print(BinaryMetrics m, Reliability reliability, String version) {
        System.out.printf(Locale.ROOT, "model %s on the %s split (%,d reviews)%n", version, split, m.count());
        System.out.printf(Locale.ROOT, "accuracy   %.4f%n", m.accuracy());
        System.out.printf(Locale.ROOT, "precision  %.4f%n", m.precision());
        System.out.printf(Locale.ROOT, "recall     %.4f%n", m.recall());
        System.out.printf(Locale.ROOT, "f1         %.4f%n", m.f1());
        System.out.printf(Locale.ROOT, "roc_auc    %.4f%n", m.rocAuc());
        System.out.printf(Locale.ROOT, "log_loss   %.4f%n", m.logLoss());
        System.out.printf(Locale.ROOT, "ece        %.4f (%d equal-width bins of the predicted probability)%n",
                reliability.ece(), reliability.bins().size());
        System.out.println("confusion matrix (rows: actual, columns: predicted)");
        System.out.printf(Locale.ROOT, "             negative  positive%n");
        System.out.printf(Locale.ROOT, "  negative   %8d  %8d%n", m.tn(), m.fp());
        System.out.printf(Locale.ROOT, "  positive   %8d  %8d%n", m.fn(), m.tp());
    }
}
