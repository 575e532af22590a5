package org.sentimentstream.job.testutils;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.sentimentstream.job.JobConfig;
import org.sentimentstream.job.kafka.JobTopics;
import org.sentimentstream.job.kafka.KafkaSentimentJob;
import org.sentimentstream.local.EmbeddedKafkaBroker;
import org.sentimentstream.local.KafkaProgress;
import org.sentimentstream.replay.ImdbReplay;
import org.sentimentstream.schemas.AccuracyReport;
import org.sentimentstream.schemas.AvroDecodeException;
import org.sentimentstream.schemas.AvroSerde;
import org.sentimentstream.schemas.DeadLetter;
import org.sentimentstream.schemas.ModelComparison;
import org.sentimentstream.schemas.SentimentEvent;
import org.sentimentstream.trainer.imdb.ImdbReview;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** The job against the embedded broker, as the integration tests run it, and what it wrote, read back. */
public final class PipelineRun {
    private PipelineRun() {}

    /** What the job published, read as a read_committed consumer. */
    public record Outputs(List<SentimentEvent> sentiment, List<AccuracyReport> reports, List<DeadLetter> deadLetters,
            List<SentimentEvent> shadow, List<ModelComparison> comparisons) {

        public List<AccuracyReport> finalReports() {
            return reports.stream().filter(AccuracyReport::getFinal$).toList();
        }

        public long finalSum(Function<AccuracyReport, Long> field) {
            return finalReports().stream().mapToLong(field::apply).sum();
        }
    }

    /** The MiniCluster the integration tests run on: one task manager with 4 slots. */
    public static MiniClusterExtension miniCluster() {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());
    }

    /** An idempotent producer of raw bytes, for hand-made (and hostile) records; up to the broker's record size. */
    public static KafkaProducer<byte[], byte[]> producer(EmbeddedKafkaBroker kafka) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(EmbeddedKafkaBroker.MAX_MESSAGE_BYTES));
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Test settings: parallelism 2, batches of 64, checkpoints every 500 ms, 10 s windows, bounded. */
    public static JobConfig.Builder config(EmbeddedKafkaBroker kafka, Path modelDir) {
        JobConfig.Builder b = new JobConfig.Builder();
        b.bootstrapServers = kafka.bootstrapServers();
        b.modelDir = modelDir;
        b.window = Duration.ofSeconds(10);
        b.labelsMaxDelay = Duration.ofSeconds(5);
        b.parallelism = 2;
        b.batchSize = 64;
        b.checkpointInterval = Duration.ofMillis(500);
        b.bounded = true;
        return b;
    }

    /**
     * Test settings for an unbounded run whose topics and group carry the name {@code run}, so runs on one broker
     * do not see each other's records; {@code labels.max-delay} 1 min, longer than the faults the runs inject.
     */
    public static JobConfig.Builder namespaced(EmbeddedKafkaBroker kafka, Path modelDir, String run) {
        JobConfig.Builder b = config(kafka, modelDir);
        b.bounded = false;
        b.labelsMaxDelay = Duration.ofMinutes(1);
        b.groupId = run;
        b.reviewsTopic = run + "-reviews";
        b.labelsTopic = run + "-labels";
        b.outputTopicsOf(run);
        return b;
    }

    /** Runs {@code replay} over {@code reviews} on another thread: the test goes on to inject its fault. */
    public static CompletableFuture<ImdbReplay.Result> replayInBackground(ImdbReplay replay,
            List<ImdbReview> reviews) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return replay.run(reviews);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Waits until the job's consumer group has committed the current end of the reviews and labels topics. */
    public static void awaitConsumed(JobConfig config, Duration timeout) throws Exception {
        try (KafkaProgress progress = new KafkaProgress(config.bootstrapServers())) {
            var inputs = progress.endOffsets(List.of(config.reviewsTopic(), config.labelsTopic()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!progress.consumed(config.groupId(), inputs)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the job did not read all its input within " + timeout);
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
    }

    /** Reviews and labels with two partitions each, the outputs and the model commands with one. */
    public static void createTopics(EmbeddedKafkaBroker kafka, JobConfig config) {
        kafka.createTopics(2, List.of(config.reviewsTopic(), config.labelsTopic()));
        kafka.createTopics(1, JobTopics.outputsAndModels(config));
    }

    /** Builds the job in the current (MiniCluster) environment. */
    public static StreamExecutionEnvironment environment(JobConfig config) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        KafkaSentimentJob.define(env, config);
        return env;
    }

    /** Runs a bounded job to its end. */
    public static void runBounded(JobConfig config) throws Exception {
        environment(config).execute("sentiment-it");
    }

    public static Outputs read(JobConfig config) throws AvroDecodeException {
        return new Outputs(decode(config, config.sentimentTopic(), AvroSerde.of(SentimentEvent.class)),
                decode(config, config.accuracyTopic(), AvroSerde.of(AccuracyReport.class)),
                decode(config, config.deadLetterTopic(), AvroSerde.of(DeadLetter.class)),
                decode(config, config.shadowTopic(), AvroSerde.of(SentimentEvent.class)),
                decode(config, config.comparisonTopic(), AvroSerde.of(ModelComparison.class)));
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> List<T> decode(JobConfig config, String topic,
            AvroSerde<T> serde) throws AvroDecodeException {
        List<T> records = new ArrayList<>();
        for (var record : TopicReader.readAll(config.bootstrapServers(), topic)) {
            records.add(serde.deserialize(record.value()));
        }
        return records;
    }

    /** Waits until {@code records} sentiment events are committed (the topic's end offsets), at most 2 minutes. */
    public static void awaitCommittedSentiment(EmbeddedKafkaBroker kafka, JobConfig config, long records)
            throws Exception {
        try (KafkaProgress progress = new KafkaProgress(kafka.bootstrapServers())) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (progress.endOffsets(List.of(config.sentimentTopic())).values().stream()
                    .mapToLong(Long::longValue).sum() < records) {
                assertTrue(System.nanoTime() < deadline, "no committed output within 2 minutes");
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }
}
