package org.sentimentstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentimentstream.model.BinaryMetrics;
import org.sentimentstream.model.ModelMetadata;
import org.sentimentstream.model.SentimentModel;
import org.sentimentstream.trainer.imdb.ImdbArchive;
import org.sentimentstream.trainer.imdb.ImdbReview;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The real thing: {@code ./sentiment train} on the full IMDB archive from {@code ../shared/imdb}, twice with the
 * same seed, then {@code evaluate} and the served model checked against what the trainer recorded.
 */
class ImdbModelITCase {
    @TempDir
    static Path dir;

    private static Path archive;
    private static ModelMetadata first;
    private static ModelMetadata second;

    @BeforeAll
    static void trainTwiceWithSeedOne() {
        archive = Path.of(System.getProperty("imdb.shared"));
        assertTrue(Files.isRegularFile(archive), "the shared IMDB archive is missing: " + archive);
        first = train(dir.resolve("first"));
        second = train(dir.resolve("second"));
    }

    private static ModelMetadata train(Path modelDir) {
        CliRun run = CliRun.of("train", "--data", archive.toString(), "--model-dir", modelDir.toString(),
                "--seed", "1");
        assertEquals(0, run.exitCode(), run.err());
        return ModelMetadata.read(modelDir);
    }

    @Test
    void beatsTheTutorialByAWideMargin() {
        assertTrue(first.testAccuracy() >= 0.90, "test accuracy " + first.testAccuracy());
        assertEquals(25_000, first.testSize());
        assertEquals(15_000, first.trainSize());
        assertEquals(10_000, first.valSize());
        assertTrue(first.bestEpoch() < first.epochsRun(), "early stopping ends after the best epoch");
        for (String file : List.of("saved_model.pb", "history.csv", "training-curves.png", "golden.jsonl")) {
            assertTrue(Files.isRegularFile(dir.resolve("first").resolve(file)), file);
        }
    }

    @Test
    void sameSeedGivesIdenticalMetricsAndModel() {
        assertEquals(first.modelVersion(), second.modelVersion());
        assertEquals(first.testAccuracy(), second.testAccuracy());
        assertEquals(first.testLoss(), second.testLoss());
        assertEquals(first.valAccuracy(), second.valAccuracy());
        assertEquals(first.valLoss(), second.valLoss());
        assertEquals(first.bestEpoch(), second.bestEpoch());
    }

    @Test
    void evaluateAndTheServedModelAgreeWithTheTrainer() {
        Path modelDir = dir.resolve("first");
        CliRun run = CliRun.of("evaluate", "--model-dir", modelDir.toString(), "--data", archive.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains(String.format(Locale.ROOT, "accuracy   %.4f%n", first.testAccuracy())),
                run.out());

        List<ImdbReview> test = ImdbArchive.read(archive).test();
        try (SentimentModel model = SentimentModel.load(modelDir)) {
            float[] logits = new float[test.size()];
            for (int from = 0; from < test.size(); from += 1000) {
                List<ImdbReview> batch = test.subList(from, from + 1000);
                System.arraycopy(model.logits(batch.stream().map(ImdbReview::text).toList()), 0, logits, from,
                        batch.size());
            }
            BinaryMetrics served = BinaryMetrics.of(logits, test.stream().mapToInt(ImdbReview::label).toArray());
            assertEquals(first.testAccuracy(), served.accuracy());
            assertEquals(first.testLoss(), served.logLoss(), 1e-6);
        }
    }
}
