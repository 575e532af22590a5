package org.sentimentstream.bench;

import org.sentimentstream.model.ModelMetadata;
import org.sentimentstream.trainer.EpochResult;
import org.sentimentstream.trainer.Hyperparameters;
import org.sentimentstream.trainer.ImdbTraining;
import org.sentimentstream.trainer.imdb.ImdbDataset;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Trains the default model (which the other sections then serve) and reads its speed from {@code history.csv}:
 * training reviews per second over the epochs run, and the time until validation accuracy first reached 0.90.
 */
final class TrainerBench {
    static final double TARGET_VAL_ACCURACY = 0.90;

    /**
     * @param reviewsPerS training reviews per second of epoch time (each epoch's time includes its validation pass)
     * @param secondsToTarget epoch time summed up to the first epoch at or above 0.90 validation accuracy, or -1
     * @param epochToTarget that epoch, or -1
     */
    record Figures(double reviewsPerS, double secondsToTarget, int epochToTarget, double trainSeconds,
            int epochsRun, double testAccuracy) {}

    private TrainerBench() {}

    static Figures run(ImdbDataset imdb, Path modelDir, PrintStream log) throws IOException {
        ModelMetadata metadata = ImdbTraining.run(Hyperparameters.defaults(), imdb, modelDir, log);
        List<String> rows = Files.readAllLines(modelDir.resolve("history.csv"));
        double seconds = 0;
        double secondsToTarget = -1;
        int epochToTarget = -1;
        for (String row : rows.subList(1, rows.size())) {
            EpochResult epoch = EpochResult.fromCsv(row);
            seconds += epoch.seconds();
            if (epochToTarget < 0 && epoch.valAccuracy() >= TARGET_VAL_ACCURACY) {
                epochToTarget = epoch.epoch();
                secondsToTarget = seconds;
            }
        }
        // the history is the selection run's, which trains on the training split minus the validation reviews
        double reviewsPerS = (double) (imdb.train().size() - metadata.valSize()) * metadata.epochsRun() / seconds;
        return new Figures(reviewsPerS, secondsToTarget, epochToTarget, metadata.trainSeconds(),
                metadata.epochsRun(), metadata.testAccuracy());
    }
}
