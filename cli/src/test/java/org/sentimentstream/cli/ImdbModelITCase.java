package org.sentimentstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentimentstream.cli.demo.DemoSummary;
import org.sentimentstream.job.testutils.TopicReader;
import org.sentimentstream.local.EmbeddedKafkaBroker;
import org.sentimentstream.model.BinaryMetrics;
import org.sentimentstream.model.ModelMetadata;
import org.sentimentstream.model.SentimentModel;
import org.sentimentstream.trainer.imdb.ImdbArchive;
import org.sentimentstream.trainer.imdb.ImdbReview;
import org.sentimentstream.trainer.testutils.RealImdb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The real thing: {@code ./sentiment train} on the full IMDB dataset ({@link RealImdb}), twice with the
 * same seed, then {@code evaluate} and the served model checked against what the trainer recorded.
 */
class ImdbModelITCase {
    @TempDir
    static Path dir;

    private static Path data;
    private static ModelMetadata first;
    private static ModelMetadata second;

    @BeforeAll
    static void trainTwiceWithSeedOne() {
        data = RealImdb.path();
        first = train(dir.resolve("first"));
        second = train(dir.resolve("second"));
    }

    private static ModelMetadata train(Path modelDir) {
        CliRun run = CliRun.of("train", "--data", data.toString(), "--model-dir", modelDir.toString(),
                "--seed", "1");
        assertEquals(0, run.exitCode(), run.err());
        return ModelMetadata.read(modelDir);
    }

    @Test
    void beatsTheTutorialByAWideMargin() {
        assertTrue(first.testAccuracy() >= 0.90, "test accuracy " + first.testAccuracy());
        assertEquals(25_000, first.testSize());
        assertEquals(25_000, first.trainSize()); // the refit on every training review
        assertEquals(10_000, first.valSize());
        assertTrue(first.bestEpoch() < first.epochsRun(), "early stopping ends after the best epoch");
        assertEquals(first.bestEpoch(), first.refitEpochs());
        for (String file : List.of("saved_model.pb", "history.csv", "training-curves.png", "golden.jsonl")) {
            assertTrue(Files.isRegularFile(dir.resolve("first").resolve(file)), file);
        }
    }

    @Test
    void sameSeedGivesIdenticalMetricsAndModel() {
        assertEquals(first.modelVersion(), second.modelVersion());
        assertEquals(first.testAccuracy(), second.testAccuracy());
        assertEquals(first.testLoss(), second.testLoss());
        assertEquals(first.testEce(), second.testEce());
        assertEquals(first.temperature(), second.temperature());
        assertEquals(first.valAccuracy(), second.valAccuracy());
        assertEquals(first.valLoss(), second.valLoss());
        assertEquals(first.bestEpoch(), second.bestEpoch());
    }

    @Test
    void demoStreamsAsAccuratelyAsTheModelScoresOffline() throws Exception {
        Path summaryFile = dir.resolve("demo.json");
        Path chart = dir.resolve("demo.png");
        CliRun run = CliRun.of("demo", "--data", data.toString(), "--model-dir", dir.resolve("first").toString(),
                "--limit", "3000", "--rate", "3000", "--summary-json", summaryFile.toString(), "--chart",
                chart.toString(), "--dashboard-port", "0");
        assertEquals(0, run.exitCode(), run.err());
        DemoSummary summary = DemoSummary.read(summaryFile);
        assertEquals(3000, summary.reviewsReplayed());
        assertEquals(3000, summary.reviewsScored());
        assertEquals(0, summary.deadLetters());
        assertEquals(3000, summary.labeledInReports());
        assertEquals(summary.offlineAccuracy(), summary.streamedAccuracy());
        assertEquals(first.modelVersion(), summary.modelVersion());
        assertTrue(summary.latencyP50Ms() > 0 && summary.latencyP50Ms() <= summary.latencyP99Ms());
        assertTrue(summary.throughputPerS() > 0);
        assertTrue(run.err().contains("] in "), "a status line every second: " + run.err());
        assertTrue(run.out().contains("streamed accuracy    "), run.out());
        byte[] png = Files.readAllBytes(chart);
        assertEquals("PNG", new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void replayThenTheJobCommandScoreEveryReview() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(dir.resolve("kafka"))) {
            kafka.createTopics(2, List.of("reviews", "labels"));
            kafka.createTopics(1, List.of("sentiment", "sentiment-shadow", "accuracy", "comparison", "dead-letters",
                "models"));
            CliRun replay = CliRun.of("replay", "--bootstrap-servers", kafka.bootstrapServers(), "--data",
                    data.toString(), "--limit", "500", "--label-delay", "0s");
            assertEquals(0, replay.exitCode(), replay.err());
            assertTrue(replay.out().startsWith("replayed 500 reviews and 500 labels of imdb/test"), replay.out());

            CliRun job = CliRun.of("job", "--bootstrap-servers", kafka.bootstrapServers(), "--model-dir",
                    dir.resolve("first").toString(), "--bounded", "--checkpoint-interval", "500ms",
                    "--parallelism", "2");
            assertEquals(0, job.exitCode(), job.err());
            assertEquals(500, TopicReader.readAll(kafka.bootstrapServers(), "sentiment").size());
            assertEquals(0, TopicReader.readAll(kafka.bootstrapServers(), "dead-letters").size());
        }
    }

    @Test
    void evaluateAndTheServedModelAgreeWithTheTrainer() {
        Path modelDir = dir.resolve("first");
        CliRun run = CliRun.of("evaluate", "--model-dir", modelDir.toString(), "--data", data.toString(),
                "--chart", dir.resolve("reliability.png").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains(String.format(Locale.ROOT, "accuracy   %.4f%n", first.testAccuracy())),
                run.out());
        assertTrue(run.out().contains(String.format(Locale.ROOT, "ece        %.4f", first.testEce())), run.out());

        List<ImdbReview> test = ImdbArchive.read(data).test();
        try (SentimentModel model = SentimentModel.load(modelDir)) {
            float[] logits = model.logits(test.stream().map(ImdbReview::text).toList(), 1000);
            BinaryMetrics served = BinaryMetrics.of(logits, test.stream().mapToInt(ImdbReview::label).toArray());
            assertEquals(first.testAccuracy(), served.accuracy());
            assertEquals(first.testLoss(), served.logLoss(), 1e-6);
        }
    }
}
