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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commands end to end, in process, on a generated IMDB archive; the bench's pipeline runs start Flink and Kafka.
 */
class SentimentCliITCase {
    /** The model section's batch sizes, as its JSON keys name them. */
    private static final List<Integer> BATCH_SIZES = List.of(1, 8, 32, 128, 512);

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
        // selected on 700 reviews against 300, then refit on all 1,000 for the selected epochs
        assertEquals(1000, metadata.trainSize());
        assertEquals(300, metadata.valSize());
        assertEquals(metadata.bestEpoch(), metadata.refitEpochs());
        assertTrue(training.err().contains("Refit epoch 1/"), training.err());
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
        List<String> keys = new ArrayList<>(List.of("model_version", "test_accuracy"));
        for (int batch : BATCH_SIZES) {
            keys.addAll(List.of("model_reviews_per_s_batch" + batch, "model_us_per_review_batch" + batch,
                    "baseline_model_us_per_review_batch" + batch));
        }
        keys.addAll(List.of("model_preprocessing_share_batch128", "baseline_model_version"));
        assertEquals(keys, List.copyOf(figures.keySet()));
        ModelMetadata metadata = ModelMetadata.read(modelDir);
        assertEquals(metadata.modelVersion(), figures.get("model_version"));
        assertEquals(metadata.modelVersion(), figures.get("baseline_model_version"));
        assertEquals(metadata.testAccuracy(), figures.get("test_accuracy"));

        // timings have no known value: the table must show exactly what the JSON holds, batch size by batch size
        String table = Files.readString(markdown);
        assertTrue(run.out().contains(table.strip()), run.out());
        List<String> header = table.lines()
                .filter(l -> l.startsWith("| batch size | reviews/s | CPU µs per review |")).toList();
        assertEquals(List.of("| batch size | reviews/s | CPU µs per review | baseline CPU µs per review "
                + "| baseline / this |"), header);
        List<String[]> rows = table.lines().filter(l -> l.matches("\\| \\d+ \\|.*"))
                .map(l -> l.substring(2, l.length() - 2).split(" \\| ")).toList();
        assertEquals(BATCH_SIZES.size(), rows.size(), table);
        for (int i = 0; i < rows.size(); i++) {
            int batch = BATCH_SIZES.get(i);
            String[] row = rows.get(i);
            assertEquals(String.valueOf(batch), row[0]);
            double us = figure(figures, "model_us_per_review_batch" + batch);
            double baselineUs = figure(figures, "baseline_model_us_per_review_batch" + batch);
            assertShows(figure(figures, "model_reviews_per_s_batch" + batch), row[1], 1);
            assertShows(us, row[2], 0.1);
            assertShows(baselineUs, row[3], 0.1);
            assertShows(baselineUs / us, row[4].replace("x", ""), 0.01);
        }
        double share = figure(figures, "model_preprocessing_share_batch128");
        Matcher sentence = Pattern.compile("costs (\\d+)% of the model's CPU, and the rest \\(embedding sums, dense "
                + "layers\\) (-?\\d+)%").matcher(table);
        assertTrue(sentence.find(), table);
        assertShows(100 * share, sentence.group(1), 1);
        assertShows(100 * (1 - share), sentence.group(2), 1);
    }

    @Test
    void benchSqlSectionRunsSyncAsyncAndTheDataStreamScorerOverEveryReview() throws IOException {
        Path json = dir.resolve("bench-sql.json");
        CliRun run = CliRun.of("bench", "--only", "sql", "--model-dir", modelDir.toString(), "--data",
                archive.toString(), "--pipeline-repetitions", "1", "--json", json.toString(), "--markdown",
                dir.resolve("bench-sql.md").toString());

        // each run fails the bench unless all 2,000 generated reviews of both splits come out scored
        assertEquals(0, run.exitCode(), run.err());
        Map<?, ?> figures = new ObjectMapper().readValue(json.toFile(), Map.class);
        double sync = figure(figures, "sql_sync_per_s");
        double async = figure(figures, "sql_async_per_s");
        assertTrue(sync > 0 && async > 0 && figure(figures, "sql_datastream_per_s") > 0, figures.toString());
        assertEquals(Math.round(async / sync * 100) / 100.0, figure(figures, "sql_async_over_sync"), 0.011);
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
        String report = Files.readString(dir.resolve("bench-pipeline.md"));
        // 2,000 generated reviews replayed 3 times under distinct ids; a run that reads fewer fails the bench
        assertTrue(report.contains("6000 reviews read from a backlog (the 2000 IMDB reviews of both splits, 3 times"),
                report);
        double passthrough = figure(figures, "passthrough_per_s");
        double job = figure(figures, "pipeline_per_s");
        double batch1 = figure(figures, "pipeline_batch1_per_s");
        Matcher runs = Pattern.compile("Run by run, in the order they ran: passthrough ([\\d,]+)/s; full job "
                + "([\\d,]+)/s; batch size 1 ([\\d,]+)/s\\.").matcher(report);
        assertTrue(runs.find(), report);
        assertShows(passthrough, runs.group(1), 1);
        assertShows(job, runs.group(2), 1);
        assertShows(batch1, runs.group(3), 1);
        // the ratios of the runs' rates, rounded to three decimals as every figure
        assertEquals(job / passthrough, figure(figures, "pipeline_over_passthrough"), 0.0006);
        assertEquals(job / batch1, figure(figures, "pipeline_over_batch1"), 0.0006);
        assertEquals(job, figure(figures, "latency_max_rate_per_s"));
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
    void evaluatePrintsTheMetricsTheTrainerRecordedAndDrawsTheReliabilityDiagram() throws IOException {
        Path chart = dir.resolve("reliability.png");
        CliRun run = CliRun.of("evaluate", "--model-dir", modelDir.toString(), "--data", archive.toString(),
                "--chart", chart.toString());
        assertEquals(0, run.exitCode(), run.err());
        ModelMetadata recorded = ModelMetadata.read(modelDir);
        assertTrue(run.out().contains(String.format(Locale.ROOT, "accuracy   %.4f%n", recorded.testAccuracy())),
                run.out());
        assertTrue(run.out().contains(String.format(Locale.ROOT, "ece        %.4f (10 equal-width bins",
                recorded.testEce())), run.out());
        for (String metric : List.of("precision", "recall", "f1", "roc_auc", "log_loss", "confusion matrix")) {
            assertTrue(run.out().contains(metric), metric);
        }
        assertTrue(run.out().contains("reliability diagram: " + chart), run.out());
        byte[] png = Files.readAllBytes(chart);
        assertEquals("PNG", new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
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

        CliRun noRegistry = CliRun.of("replay", "--format", "confluent-avro");
        assertEquals(1, noRegistry.exitCode());
        assertOneLine("error: the confluent-avro format needs --schema-registry-url", noRegistry.err());

        CliRun badFormat = CliRun.of("job", "--reviews-format", "xml");
        assertEquals(2, badFormat.exitCode());
        assertTrue(badFormat.err().contains("unknown format 'xml': use avro, confluent-avro, json"), badFormat.err());

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

    private static double figure(Map<?, ?> figures, String key) {
        return ((Number) figures.get(key)).doubleValue();
    }

    /**
     * {@code shown} is {@code figure} as the report prints it: to the nearest {@code unit}, with a tenth of a unit
     * more for the JSON's rounding to three decimals.
     */
    private static void assertShows(double figure, String shown, double unit) {
        assertEquals(figure, Double.parseDouble(shown.replace(",", "")), unit / 2 + unit / 10, shown);
    }

    private static void assertOneLine(String prefix, String err) {
        assertTrue(err.startsWith(prefix), err);
        assertEquals(1, err.lines().count(), err);
    }

}
