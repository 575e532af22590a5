package org.sentimentstream.trainer;

import org.sentimentstream.model.BinaryMetrics;
import org.sentimentstream.model.GoldenExamples;
import org.sentimentstream.model.ModelMetadata;
import org.sentimentstream.model.Reliability;
import org.sentimentstream.trainer.console.ProgressBar;
import org.sentimentstream.trainer.graph.ServingGraph;
import org.sentimentstream.trainer.imdb.ImdbReview;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a model directory: the SavedModel, then scores the test split once with that very graph, and writes
 * {@code golden.jsonl}, {@code history.csv} and {@code training-curves.png} (of the selection run) and
 * {@code metadata.json} (last, so a directory with metadata is complete).
 */
public final class ModelExport {
    private static final int SCORE_BATCH = 1000;

    private ModelExport() {}

    /**
     * What {@link #write} needs to know beyond the trained model.
     *
     * @param trainSize reviews the exported weights were trained on
     * @param valSize reviews the selection run validated on
     */
    public record Context(Hyperparameters hp, String datasetSha256, int trainSize, int valSize, String device) {}

    public static ModelMetadata write(Path dir, TrainedModel model, List<ImdbReview> test, Context context)
            throws IOException {
        clearPreviousModel(dir);
        try (ServingGraph serving = new ServingGraph(model.exported(), context.hp().threads())) {
            String version = serving.contentHash();
            serving.export(dir);
            float[] testLogits = score(serving, test, "scoring test split");
            int[] testLabels = Trainer.labels(test);
            BinaryMetrics metrics = BinaryMetrics.of(testLogits, testLabels);
            List<String> goldenTexts = GoldenTexts.select(test, context.hp().seed());
            float[] goldenLogits = serving.logits(goldenTexts);
            List<GoldenExamples.Example> golden = new ArrayList<>();
            for (int i = 0; i < goldenTexts.size(); i++) {
                golden.add(new GoldenExamples.Example(goldenTexts.get(i), goldenLogits[i]));
            }
            new GoldenExamples(golden).write(dir);
            TrainingRun selection = model.selection();
            writeHistory(selection.history(), dir.resolve("history.csv"));
            TrainingCurves.write(selection.history(), dir.resolve("training-curves.png"));
            EpochResult best = selection.bestResult();
            TemperatureScaling calibration = model.calibration();
            ModelMetadata metadata = new ModelMetadata(version,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), context.datasetSha256(),
                    context.hp().asMap(), selection.history().size(), selection.bestEpoch(), best.valAccuracy(),
                    best.valLoss(), selection.validationEce(), calibration.temperature(),
                    calibration.eceOf(selection.validationLogits(), selection.validationLabels()),
                    calibration.reviews(), calibration.eceBefore(), calibration.eceAfter(), calibration.logitScale(),
                    model.refitEpochs(), metrics.accuracy(), metrics.logLoss(),
                    Reliability.of(testLogits, testLabels).ece(), Math.round(model.seconds() * 10) / 10.0,
                    context.device(), context.trainSize(), context.valSize(), test.size());
            metadata.write(dir);
            return metadata;
        }
    }

    /** The served graph's logits for {@code reviews}, with a progress bar named {@code what}. */
    static float[] score(ServingGraph serving, List<ImdbReview> reviews, String what) {
        float[] logits = new float[reviews.size()];
        ProgressBar bar = new ProgressBar(what, reviews.size(), ProgressBar::count);
        for (int from = 0; from < reviews.size(); from += SCORE_BATCH) {
            List<ImdbReview> batch = reviews.subList(from, Math.min(reviews.size(), from + SCORE_BATCH));
            System.arraycopy(serving.logits(Trainer.texts(batch)), 0, logits, from, batch.size());
            bar.update(from + batch.size());
        }
        bar.finish(reviews.size());
        return logits;
    }

    private static void clearPreviousModel(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(ModelMetadata.FILE));
        Files.deleteIfExists(dir.resolve("saved_model.pb"));
        Path variables = dir.resolve("variables");
        if (Files.isDirectory(variables)) {
            try (Stream<Path> files = Files.walk(variables)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static void writeHistory(List<EpochResult> history, Path csv) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(EpochResult.CSV_HEADER);
        history.forEach(epoch -> lines.add(epoch.csv()));
        Files.write(csv, lines, StandardCharsets.UTF_8);
    }
}
