package org.sentimentstream.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentimentstream.job.testutils.PipelineRun;
import org.sentimentstream.job.testutils.TestModel;
import org.sentimentstream.local.EmbeddedKafkaBroker;
import org.sentimentstream.local.LocalFlinkCluster;
import org.sentimentstream.model.SentimentModel;
import org.sentimentstream.replay.ImdbReplay;
import org.sentimentstream.replay.ReplaySettings;
import org.sentimentstream.schemas.AccuracyReport;
import org.sentimentstream.schemas.SentimentEvent;
import org.sentimentstream.trainer.imdb.ImdbDataset;
import org.sentimentstream.trainer.imdb.ImdbReview;
import org.sentimentstream.trainer.testutils.RealImdb;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Faults injected while IMDB streams through the running job (exactly-once, checkpoints every 500 ms): a task
 * manager dies, or the broker goes away for 30 s. Afterwards a read_committed consumer must see exactly one
 * sentiment event per review with the offline model's probability, and the final accuracy reports must add up to
 * every labeled review.
 */
class FaultRecoveryITCase {
    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker kafka;
    private static Path model;
    private static ImdbDataset imdb;

    @BeforeAll
    static void start() {
        imdb = RealImdb.dataset();
        model = TestModel.directory(imdb);
        kafka = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Where a run's topics and group live, so runs do not see each other's records. */
    private static JobConfig config(String run) {
        // labels.max-delay 1 min, longer than the 30 s outage: quiet partitions let the watermark follow the clock
        JobConfig config = PipelineRun.namespaced(kafka, model, run).build();
        PipelineRun.createTopics(kafka, config);
        return config;
    }

    @Test
    void taskManagerCrashMidReplay() throws Exception {
        JobConfig config = config("crash");
        boolean restarted = runWithFault(config, 25_000, 0, flink -> {
            PipelineRun.awaitCommittedSentiment(kafka, config, 5_000);
            flink.replaceTaskManager();
        });
        assertTrue(restarted, "losing its task manager must have restarted the job");
    }

    @Test
    void brokerOutageOfThirtySeconds() throws Exception {
        JobConfig config = config("outage");
        runWithFault(config, 10_000, 1_000, flink -> {
            PipelineRun.awaitCommittedSentiment(kafka, config, 2_000);
            kafka.stop();
            TimeUnit.SECONDS.sleep(30); // the length of the outage, not a synchronisation
            kafka.start();
        });
    }

    private interface Fault {
        void inject(LocalFlinkCluster flink) throws Exception;
    }

    /** Runs the replay through the job, injecting the fault, and checks the outputs; says whether it restarted. */
    private boolean runWithFault(JobConfig config, int reviews, double rate, Fault fault) throws Exception {
        try (LocalFlinkCluster flink = LocalFlinkCluster.start(4)) {
            JobID job = flink.submit(PipelineRun.environment(config), config.groupId());
            flink.awaitRunning(job, Duration.ofMinutes(2));
            ImdbReplay replay = new ImdbReplay(new ReplaySettings(kafka.bootstrapServers(), config.reviewsTopic(),
                    config.labelsTopic(), rate, Duration.ofMillis(500), Duration.ZERO, 11, reviews,
                    new Properties()), false);
            var replayed = PipelineRun.replayInBackground(replay, imdb.test());
            fault.inject(flink);
            ImdbReplay.Result result = replayed.get(5, TimeUnit.MINUTES);
            PipelineRun.awaitConsumed(config, Duration.ofMinutes(3));
            boolean restarted = flink.hasRestarted(job);
            flink.drain(job, dir.resolve(config.groupId() + "-savepoints"));
            assertExactlyOnce(config, result.reviews());
            return restarted;
        }
    }


    private static void assertExactlyOnce(JobConfig config, List<ImdbReview> replayed) throws Exception {
        PipelineRun.Outputs outputs = PipelineRun.read(config);
        Map<String, SentimentEvent> byId = new HashMap<>();
        for (SentimentEvent event : outputs.sentiment()) {
            assertTrue(byId.put(event.getReviewId(), event) == null, "duplicate " + event.getReviewId());
        }
        Map<String, ImdbReview> expected = replayed.stream()
                .collect(Collectors.toMap(ImdbReview::id, Function.identity()));
        assertEquals(expected.keySet(), byId.keySet(), "missing or unexpected reviews");
        List<String> ids = List.copyOf(expected.keySet());
        try (SentimentModel served = SentimentModel.load(model)) {
            float[] logits = served.logits(ids.stream().map(id -> expected.get(id).text()).toList(), 1000);
            for (int i = 0; i < ids.size(); i++) {
                assertEquals(1 / (1 + Math.exp(-logits[i])), byId.get(ids.get(i)).getProbability(), 1e-5);
            }
        }
        assertEquals(replayed.size(), outputs.finalSum(AccuracyReport::getCount));
        assertEquals(0, outputs.finalSum(AccuracyReport::getExpiredUnlabeled));
        assertEquals(0, outputs.deadLetters().size());
    }
}
