package org.sentimentstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentimentstream.model.ModelMetadata;
import org.sentimentstream.model.SentimentModel;
import org.sentimentstream.trainer.testutils.BrokenModels;
import org.sentimentstream.trainer.testutils.SyntheticImdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The commands end to end, in process, on a generated IMDB archive. */
class SentimentCliTest {
    @TempDir
    static Path dir;

    private static Path archive;
    private static Path modelDir;
    private static CliRun training;

    @BeforeAll
    static void trainThroughTheCli() throws IOException {
        archive = dir.resolve("imdb.tar.gz");
        SyntheticImdb.writeArchive(archive, SyntheticImdb.bothSplits(500, 5));
        modelDir = dir.resolve("model");
        training = CliRun.of("train", "--data", archive.toString(), "--model-dir", modelDir.toString(),
                "--seed", "3", "--buckets", "16384", "--dims", "8", "--hidden", "4", "--batch-size", "64",
                "--epochs", "6", "--learning-rate", "0.01", "--validation-size", "300");
    }

    @Test
    void trainWritesTheModelAndSaysWhere() {
        assertEquals(0, training.exitCode(), training.err());
        assertTrue(training.out().contains("written to " + modelDir), training.out());
        assertTrue(training.err().contains("Epoch 1/6 - "), training.err());
        ModelMetadata metadata = ModelMetadata.read(modelDir);
        assertEquals(700, metadata.trainSize());
        assertEquals(300, metadata.valSize());
        assertEquals(1000, metadata.testSize());
        assertTrue(metadata.testAccuracy() > 0.85, "test accuracy " + metadata.testAccuracy());
    }

    @Test
    void benchModelSectionWritesTheDocumentedFigures() throws IOException {
        Path json = dir.resolve("bench.json");
        Path markdown = dir.resolve("bench.md");
        CliRun run = CliRun.of("bench", "--only", "model", "--model-dir", modelDir.toString(), "--baseline-model",
                modelDir.toString(), "--data", archive.toString(), "--reviews", "100", "--repetitions", "1",
                "--json", json.toString(), "--markdown", markdown.toString());

        assertEquals(0, run.exitCode(), run.err());
        Map<?, ?> figures = new ObjectMapper().readValue(json.toFile(), Map.class);
        assertEquals(ModelMetadata.read(modelDir).testAccuracy(), figures.get("test_accuracy"));
        for (int batch : List.of(1, 8, 32, 128, 512)) {
            for (String key : List.of("model_us_per_review_batch", "model_reviews_per_s_batch",
                    "baseline_model_us_per_review_batch")) {
                double value = ((Number) figures.get(key + batch)).doubleValue();
                assertTrue(value > 0, key + batch + " = " + value);
            }
        }
        double share = ((Number) figures.get("model_preprocessing_share_batch128")).doubleValue();
        // this tiny model's numeric part is next to nothing, so the share is near 1, and noise can push it past
        assertTrue(share > 0.5 && share < 1.5, "preprocessing share " + share);
        String table = Files.readString(markdown);
        assertTrue(table.contains("| batch size | reviews/s | CPU µs per review | baseline CPU µs per review |"), table);
        assertTrue(run.out().contains(table.strip()), run.out());
    }

    @Test
    void benchPipelineAndLatencySectionsRunEveryJobOnOneClusterAndWriteTheDocumentedFigures() throws IOException {
        Path json = dir.resolve("bench-pipeline.json");
        CliRun run = CliRun.of("bench", "--only", "pipeline,latency", "--model-dir", modelDir.toString(), "--data",
                archive.toString(), "--pipeline-warm-up", "0", "--pipeline-repetitions", "1", "--latency-seconds",
                "3", "--latency-repetitions", "1", "--json", json.toString(), "--markdown",
                dir.resolve("bench-pipeline.md").toString());

        assertEquals(0, run.exitCode(), run.err());
        Map<?, ?> figures = new ObjectMapper().readValue(json.toFile(), Map.class);
        assertEquals(2, figures.get("pipeline_warm_up_runs")); // one job and one passthrough run at the least
        for (String key : List.of("passthrough_per_s", "pipeline_per_s", "pipeline_batch1_per_s",
                "latency_max_rate_per_s")) {
            assertTrue(((Number) figures.get(key)).doubleValue() > 0, key + " = " + figures.get(key));
        }
        assertEquals(((Number) figures.get("pipeline_per_s")).doubleValue(),
                ((Number) figures.get("latency_max_rate_per_s")).doubleValue());
        // one repetition: its one pair's ratio is the median's, and both medians' ratio
        assertEquals(List.of(figures.get("pipeline_over_passthrough")), figures.get("pipeline_over_passthrough_runs"));
        assertEquals(figures.get("pipeline_over_passthrough"), figures.get("pipeline_over_passthrough_pair_median"));
        for (String guarantee : List.of("alo", "eo")) {
            for (int share : List.of(25, 50, 80)) {
                String key = "latency_" + guarantee + "_" + share + "_p99_ms_runs";
                assertEquals(1, ((List<?>) figures.get(key)).size(), key + " = " + figures.get(key));
            }
        }
        assertEquals(1, ((List<?>) figures.get("latency_alo_50_generator_lz4_p99_ms_runs")).size());
        // a warm-up repetition of all 7 points, then one counted
        assertEquals(7, ((List<?>) figures.get("latency_warm_up_compile_ms")).size());
        assertEquals(7, ((List<?>) figures.get("latency_compile_ms_runs")).size());
        assertEquals(figures.get("latency_alo_50_p99_ms"), figures.get("latency_p99_ms_at_half_max"));
    }

    @Test
    void evaluatePrintsTheAccuracyTheTrainerRecorded() {
        CliRun run = CliRun.of("evaluate", "--model-dir", modelDir.toString(), "--data", archive.toString());
        assertEquals(0, run.exitCode(), run.err());
        double recorded = ModelMetadata.read(modelDir).testAccuracy();
        assertTrue(run.out().contains(String.format(Locale.ROOT, "accuracy   %.4f%n", recorded)), run.out());
        for (String metric : List.of("precision", "recall", "f1", "roc_auc", "log_loss", "confusion matrix")) {
            assertTrue(run.out().contains(metric), metric);
        }
    }

    @Test
    void predictWritesOneJsonLinePerInputLine() throws IOException {
        List<String> texts = List.of("great wonderful superb film", "awful boring waste", "", "<br />");
        Path input = Files.write(dir.resolve("reviews.txt"), texts);

        CliRun run = CliRun.of("predict", "--model-dir", modelDir.toString(), "--input", input.toString(),
                "--batch-size", "3");

        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(texts.size(), lines.size());
        float[] expected;
        try (SentimentModel model = SentimentModel.load(modelDir)) {
            expected = model.logits(texts);
        }
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < lines.size(); i++) {
            Map<?, ?> row = json.readValue(lines.get(i), Map.class);
            assertEquals(List.of("probability", "label", "logit"), List.copyOf(row.keySet()));
            double logit = ((Number) row.get("logit")).doubleValue();
            assertEquals(expected[i], logit, 1e-6);
            assertEquals(1 / (1 + Math.exp(-expected[i])), ((Number) row.get("probability")).doubleValue(), 1e-6);
            assertEquals(logit >= 0 ? "positive" : "negative", row.get("label"));
        }
        assertEquals("positive", json.readValue(lines.get(0), Map.class).get("label"));
        assertEquals("negative", json.readValue(lines.get(1), Map.class).get("label"));
    }

    @Test
    void userMistakesAreOneLineErrorsWithoutStackTraces() throws IOException {
        CliRun noModel = CliRun.of("predict", "--model-dir", dir.resolve("absent").toString());
        assertEquals(1, noModel.exitCode());
        assertOneLine("error: model directory not found: ", noModel.err());

        CliRun noData = CliRun.of("evaluate", "--model-dir", modelDir.toString(), "--data",
                dir.resolve("missing.tar.gz").toString());
        assertEquals(1, noData.exitCode());
        assertOneLine("error: IMDB data not found: ", noData.err());

        Path notGzip = Files.writeString(dir.resolve("text.tar.gz"), "hello");
        CliRun badData = CliRun.of("train", "--data", notGzip.toString(), "--model-dir",
                dir.resolve("never").toString());
        assertEquals(1, badData.exitCode());
        assertOneLine("error: " + notGzip + " is not a gzip file", badData.err());

        CliRun noInput = CliRun.of("predict", "--model-dir", modelDir.toString(), "--input",
                dir.resolve("nope.txt").toString());
        assertEquals(1, noInput.exitCode());
        assertOneLine("error: input file not found: ", noInput.err());

        CliRun noBroker = CliRun.of("job", "--model-dir", modelDir.toString(), "--bootstrap-servers",
                "127.0.0.1:1");
        assertEquals(1, noBroker.exitCode());
        assertTrue(noBroker.err().lines().anyMatch(l -> l.startsWith("error: cannot reach Kafka at 127.0.0.1:1")),
                noBroker.err());
        assertEquals(2, noBroker.err().lines().count(), "the model check line, then one error line");

        CliRun dashboardNoBroker = CliRun.of("dashboard", "--bootstrap-servers", "127.0.0.1:1");
        assertEquals(1, dashboardNoBroker.exitCode());
        assertOneLine("error: cannot reach Kafka at 127.0.0.1:1", dashboardNoBroker.err());

        CliRun jobWithoutModel = CliRun.of("job", "--model-dir", dir.resolve("absent").toString());
        assertEquals(1, jobWithoutModel.exitCode());
        assertOneLine("error: model directory not found: ", jobWithoutModel.err());

        for (Path broken : List.of(BrokenModels.corruptGraph(modelDir, dir.resolve("corrupt")),
                BrokenModels.goldenMismatch(modelDir, dir.resolve("golden")),
                BrokenModels.wrongSignature(modelDir, dir.resolve("signature")))) {
            CliRun job = CliRun.of("job", "--model-dir", broken.toString());
            assertEquals(1, job.exitCode());
            assertTrue(job.err().startsWith("error: cannot load the SavedModel")
                    || job.err().startsWith("error: golden check failed")
                    || job.err().startsWith("error: model signature must map"), job.err());
            assertEquals(1, job.err().lines().count(), job.err());
        }

        CliRun noProperties = CliRun.of("replay", "--data", archive.toString(), "--kafka-properties",
                dir.resolve("client.properties").toString());
        assertEquals(1, noProperties.exitCode());
        assertOneLine("error: Kafka properties file not found: ", noProperties.err());

        CliRun badDuration = CliRun.of("replay", "--label-delay", "soon");
        assertEquals(2, badDuration.exitCode());
        assertTrue(badDuration.err().contains("'soon' is not a duration"), badDuration.err());

        CliRun badFlag = CliRun.of("train", "--no-such-flag");
        assertEquals(2, badFlag.exitCode());
        assertTrue(badFlag.err().startsWith("Unknown option: '--no-such-flag'"), badFlag.err());
    }

    @Test
    void verboseAddsTheStackTrace() {
        CliRun run = CliRun.of("predict", "--verbose", "--model-dir", dir.resolve("absent").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("\tat org.sentimentstream.model.SentimentModel.load"), run.err());
    }

    @Test
    void helpListsEveryCommand() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.exitCode());
        for (String command : List.of("demo", "train", "evaluate", "predict", "replay", "topics", "job", "dashboard",
                "soak", "bench")) {
            assertTrue(run.out().contains("  " + command + " "), command);
        }
    }

    private static void assertOneLine(String prefix, String err) {
        assertTrue(err.startsWith(prefix), err);
        assertEquals(1, err.lines().count(), err);
    }

}
