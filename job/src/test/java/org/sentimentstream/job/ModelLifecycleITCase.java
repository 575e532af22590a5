package org.sentimentstream.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentimentstream.job.kafka.ModelCommands;
import org.sentimentstream.job.score.ModelDescriptor;
import org.sentimentstream.job.testutils.PipelineRun;
import org.sentimentstream.job.testutils.TestModel;
import org.sentimentstream.local.EmbeddedKafkaBroker;
import org.sentimentstream.local.LocalFlinkCluster;
import org.sentimentstream.model.ModelFiles;
import org.sentimentstream.model.ModelMetadata;
import org.sentimentstream.model.SentimentModel;
import org.sentimentstream.replay.ImdbReplay;
import org.sentimentstream.replay.ReplaySettings;
import org.sentimentstream.schemas.AccuracyReport;
import org.sentimentstream.schemas.DeadLetter;
import org.sentimentstream.schemas.DeadLetterReason;
import org.sentimentstream.schemas.ModelComparison;
import org.sentimentstream.schemas.ModelRole;
import org.sentimentstream.schemas.SentimentEvent;
import org.sentimentstream.trainer.imdb.ImdbDataset;
import org.sentimentstream.trainer.imdb.ImdbReview;
import org.sentimentstream.trainer.testutils.RealImdb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The model lifecycle on the running job (exactly-once, checkpoints every 500 ms, parallelism 2) with the real
 * broker and two real models: a promotion mid-stream, a task manager lost while the new champion loads, and a
 * corrupt challenger rejected while the job serves on. Afterwards a read_committed consumer must see exactly one
 * sentiment event per review, each with the offline probability of the model it names; the shadow topic likewise;
 * and the final comparison reports must hold exactly the paired counts computed offline.
 */
class ModelLifecycleITCase {
    private static final int REVIEWS = 6_000;

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker kafka;
    private static ImdbDataset imdb;
    private static ModelDescriptor champion;
    private static ModelDescriptor challenger;
    private static Map<String, Map<String, Float>> offlineLogits;

    @BeforeAll
    static void start() throws Exception {
        imdb = RealImdb.dataset();
        champion = descriptor(TestModel.directory(imdb), ModelRole.CHAMPION);
        challenger = descriptor(TestModel.challenger(imdb), ModelRole.CHALLENGER);
        kafka = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
        // every review the runs can replay (a seeded sample of the test split), scored offline by both models
        List<ImdbReview> reviews = imdb.test();
        offlineLogits = new HashMap<>();
        for (ModelDescriptor model : List.of(champion, challenger)) {
            try (SentimentModel served = SentimentModel.load(model.directory())) {
                float[] logits = served.logits(reviews.stream().map(ImdbReview::text).toList(), 1000);
                Map<String, Float> byId = new HashMap<>();
                for (int i = 0; i < logits.length; i++) {
                    byId.put(reviews.get(i).id(), logits[i]);
                }
                offlineLogits.put(model.version(), byId);
            }
        }
    }

    private static ModelDescriptor descriptor(Path modelDir, ModelRole role) {
        return new ModelDescriptor(ModelMetadata.read(modelDir).modelVersion(), modelDir.toString(),
                ModelFiles.sha256(modelDir), role);
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aPromotionMidStreamKeepsExactlyOnceAndPairsEveryReview() throws Exception {
        JobConfig config = config("swap");
        PipelineRun.Outputs outputs = run(config, true, flink -> {
            PipelineRun.awaitCommittedSentiment(kafka, config, REVIEWS / 3);
            issue(config, challenger.withRole(ModelRole.CHAMPION));
        });
        assertTrue(servedBy(outputs.sentiment(), champion.version()) > 0, "the champion served before");
        assertTrue(servedBy(outputs.sentiment(), challenger.version()) > 0, "the challenger served after");
        // both models scored every review: one of them on sentiment, the other in shadow
        assertExactlyOnce(outputs.shadow(), REVIEWS);
        Map<String, String> served = versions(outputs.sentiment());
        versions(outputs.shadow()).forEach((id, version) -> assertTrue(!version.equals(served.get(id)), id));
        assertPairedCountsAsOffline(outputs, REVIEWS);
        assertAccuracyAsOffline(outputs, champion.version());
        assertAccuracyAsOffline(outputs, challenger.version());
    }

    @Test
    void aTaskManagerLostWhileTheNewChampionLoadsKeepsExactlyOnce() throws Exception {
        JobConfig config = config("crash-swap");
        try (LocalFlinkCluster flink = LocalFlinkCluster.start(4)) {
            PipelineRun.Outputs outputs = run(config, false, flink, cluster -> {
                PipelineRun.awaitCommittedSentiment(kafka, config, REVIEWS / 3);
                issue(config, challenger.withRole(ModelRole.CHAMPION)); // not loaded yet: a load starts
                cluster.replaceTaskManager();
            });
            assertTrue(servedBy(outputs.sentiment(), challenger.version()) > 0,
                    "after the restore the new champion serves");
            // the former champion scores in shadow from the switch on, once per review it scored
            assertEquals(outputs.shadow().size(), versions(outputs.shadow()).size());
            assertEquals(List.of(champion.version()), outputs.shadow().stream().map(SentimentEvent::getModelVersion)
                    .distinct().toList());
            assertOfflineProbabilities(outputs.shadow());
            assertPairedCountsAsOffline(outputs, outputs.shadow().size());
        }
    }

    @Test
    void aCorruptChallengerIsRejectedWhileTheJobServesOn() throws Exception {
        JobConfig config = config("corrupt");
        // another version (a loaded version is the same graph and weights, never loaded twice) that fails its check
        Path corrupt = TestModel.withWrongGolden(challenger.directory(), dir.resolve("corrupt-model"));
        Path metadata = corrupt.resolve(ModelMetadata.FILE);
        String corruptVersion = "c0ffee" + challenger.version().substring(6);
        Files.writeString(metadata, Files.readString(metadata).replace(challenger.version(), corruptVersion));
        PipelineRun.Outputs outputs = run(config, true, flink -> {
            PipelineRun.awaitCommittedSentiment(kafka, config, REVIEWS / 3);
            issue(config, new ModelDescriptor(corruptVersion, corrupt.toString(), ModelFiles.sha256(corrupt),
                    ModelRole.CHALLENGER));
        });
        assertEquals(List.of(champion.version()), outputs.sentiment().stream().map(SentimentEvent::getModelVersion)
                .distinct().toList());
        assertEquals(List.of(challenger.version()), outputs.shadow().stream().map(SentimentEvent::getModelVersion)
                .distinct().toList());
        assertExactlyOnce(outputs.shadow(), REVIEWS);
        List<DeadLetter> rejected = outputs.deadLetters();
        assertEquals(config.parallelism(), rejected.size(), "one per scoring subtask");
        for (DeadLetter letter : rejected) {
            assertEquals(DeadLetterReason.MODEL_REJECTED, letter.getReason());
            assertEquals(config.modelsTopic(), letter.getSourceTopic());
            assertTrue(letter.getError().contains("golden check failed"), letter.getError());
        }
        assertPairedCountsAsOffline(outputs, REVIEWS);
    }

    private interface Action {
        void run(LocalFlinkCluster flink) throws Exception;
    }

    private static JobConfig config(String run) {
        JobConfig config = PipelineRun.namespaced(kafka, champion.directory(), run).build();
        PipelineRun.createTopics(kafka, config);
        return config;
    }

    private PipelineRun.Outputs run(JobConfig config, boolean challengerFirst, Action action) throws Exception {
        try (LocalFlinkCluster flink = LocalFlinkCluster.start(4)) {
            return run(config, challengerFirst, flink, action);
        }
    }

    /**
     * Starts the job (with the challenger in shadow before the first review if {@code challengerFirst}), replays
     * {@link #REVIEWS} reviews with their labels, runs {@code action} meanwhile, drains the job and checks the
     * sentiment topic: exactly one event per review, with its model's offline probability.
     */
    private PipelineRun.Outputs run(JobConfig config, boolean challengerFirst, LocalFlinkCluster flink,
            Action action) throws Exception {
        JobID job = flink.submit(PipelineRun.environment(config), config.groupId());
        flink.awaitRunning(job, Duration.ofMinutes(2));
        if (challengerFirst) {
            issue(config, challenger);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (flink.metricSum(job, "model_switches").orElse(0) < config.parallelism()) {
                assertTrue(System.nanoTime() < deadline, "the challenger did not switch in within 2 minutes");
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        ImdbReplay replay = new ImdbReplay(new ReplaySettings(kafka.bootstrapServers(), config.reviewsTopic(),
                config.labelsTopic(), 1_500, Duration.ofMillis(500), Duration.ZERO, 11, REVIEWS, new Properties()),
                false);
        var replayed = PipelineRun.replayInBackground(replay, imdb.test());
        action.run(flink);
        assertEquals(REVIEWS, replayed.get(5, TimeUnit.MINUTES).reviews().size());
        PipelineRun.awaitConsumed(config, Duration.ofMinutes(3));
        flink.drain(job, dir.resolve(config.groupId() + "-savepoints"));
        PipelineRun.Outputs outputs = PipelineRun.read(config);
        assertExactlyOnce(outputs.sentiment(), REVIEWS);
        return outputs;
    }

    private static void issue(JobConfig config, ModelDescriptor model) throws Exception {
        new ModelCommands(kafka.bootstrapServers(), new Properties(), config.modelsTopic())
                .issue(model.toCommand(Instant.now()), Duration.ofSeconds(15));
    }


    /** One event per review, each with the offline probability of the model it names. */
    private static void assertExactlyOnce(List<SentimentEvent> events, int reviews) {
        assertEquals(reviews, versions(events).size(), "reviews with an event");
        assertEquals(reviews, events.size(), "events");
        assertOfflineProbabilities(events);
    }

    private static void assertOfflineProbabilities(List<SentimentEvent> events) {
        for (SentimentEvent event : events) {
            float logit = offlineLogits.get(event.getModelVersion()).get(event.getReviewId());
            assertEquals(1 / (1 + Math.exp(-logit)), event.getProbability(), 1e-5, event.getReviewId());
        }
    }

    private static Map<String, String> versions(List<SentimentEvent> events) {
        Map<String, String> byId = new HashMap<>();
        events.forEach(event -> byId.put(event.getReviewId(), event.getModelVersion()));
        return byId;
    }

    private static long servedBy(List<SentimentEvent> events, String version) {
        return events.stream().filter(event -> event.getModelVersion().equals(version)).count();
    }

    /**
     * The final comparison reports, each read in the demo's fixed order (the job's first model, then the other),
     * hold exactly the paired counts of both models' offline predictions on the reviews both scored.
     */
    private static void assertPairedCountsAsOffline(PipelineRun.Outputs outputs, int paired) {
        long[] streamed = new long[4];
        for (ModelComparison report : outputs.comparisons()) {
            if (!report.getFinal$()) {
                continue;
            }
            boolean swapped = report.getChampionVersion().equals(challenger.version());
            streamed[0] += report.getBothRight();
            streamed[1] += swapped ? report.getChallengerOnly() : report.getChampionOnly();
            streamed[2] += swapped ? report.getChampionOnly() : report.getChallengerOnly();
            streamed[3] += report.getBothWrong();
        }
        Map<String, Boolean> truth = truth();
        long[] offline = new long[4];
        for (String id : versions(outputs.shadow()).keySet()) {
            boolean first = offlineLogits.get(champion.version()).get(id) >= 0 == truth.get(id);
            boolean second = offlineLogits.get(challenger.version()).get(id) >= 0 == truth.get(id);
            offline[(first ? 0 : 2) + (second ? 0 : 1)]++;
        }
        assertEquals(List.of(offline[0], offline[1], offline[2], offline[3]),
                List.of(streamed[0], streamed[1], streamed[2], streamed[3]), "both right, first only, second "
                        + "only, both wrong");
        assertEquals(paired, offline[0] + offline[1] + offline[2] + offline[3]);
    }

    private static Map<String, Boolean> truth() {
        Map<String, Boolean> truth = new HashMap<>();
        imdb.test().forEach(review -> truth.put(review.id(), review.positive()));
        return truth;
    }

    /** A model's final accuracy reports, whatever its role, count every review it scored and its offline hits. */
    private static void assertAccuracyAsOffline(PipelineRun.Outputs outputs, String version) {
        Map<String, Boolean> truth = truth();
        Map<String, Float> logits = offlineLogits.get(version);
        long correct = versions(outputs.sentiment()).keySet().stream()
                .filter(id -> logits.get(id) >= 0 == truth.get(id)).count();
        List<AccuracyReport> finals = outputs.finalReports().stream()
                .filter(r -> r.getModelVersion().equals(version)).toList();
        assertEquals(REVIEWS, finals.stream().mapToLong(AccuracyReport::getCount).sum(), version);
        assertEquals(correct, finals.stream().mapToLong(AccuracyReport::getCorrect).sum(), version);
    }
}
