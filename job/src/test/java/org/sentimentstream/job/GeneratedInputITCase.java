package org.sentimentstream.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sentimentstream.job.testutils.HostileRecords;
import org.sentimentstream.job.testutils.PipelineRun;
import org.sentimentstream.job.testutils.TestModel;
import org.sentimentstream.job.testutils.TopicReader;
import org.sentimentstream.local.EmbeddedKafkaBroker;
import org.sentimentstream.schemas.AccuracyReport;
import org.sentimentstream.schemas.AvroSerde;
import org.sentimentstream.schemas.DeadLetter;
import org.sentimentstream.schemas.Review;
import org.sentimentstream.schemas.ReviewLabel;
import org.sentimentstream.schemas.Sentiment;
import org.sentimentstream.schemas.SentimentEvent;
import org.sentimentstream.trainer.testutils.RealImdb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * No record can stop the pipeline: records generated over the input schemas at their extremes
 * ({@link HostileRecords}), then one valid review and its label. The job runs without restarts, so it must end without
 * a single failure; it must account for every record ({@code scored + dead-lettered == received}, and for labels
 * {@code matched + dropped + dead-lettered == received}), commit the valid review sent after them, and write no
 * output record the producer's default {@code max.request.size} (1 MiB) or the dead-letter topic's smaller
 * {@code max.message.bytes} would refuse.
 */
class GeneratedInputITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = PipelineRun.miniCluster();
    private static final int MAX_REQUEST = 1024 * 1024;
    private static final int DEAD_LETTER_TOPIC_MAX = 300_000;

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker kafka;
    private static JobConfig config;
    private static PipelineRun.Outputs outputs;
    private static int reviewsSent;
    private static int labelsSent;
    private static long now;

    @BeforeAll
    static void runTheJobOnGeneratedInput() throws Exception {
        Path model = TestModel.directory(RealImdb.dataset());
        kafka = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
        config = PipelineRun.config(kafka, model).build();
        PipelineRun.createTopics(kafka, config);
        limitDeadLetterTopic();
        now = System.currentTimeMillis();
        produce();
        StreamExecutionEnvironment env = PipelineRun.environment(config);
        Configuration noRestarts = new Configuration();
        noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none"); // any failure at all fails the test
        env.configure(noRestarts);
        env.executeAsync("generated-input").getJobExecutionResult().get(5, TimeUnit.MINUTES);
        outputs = PipelineRun.read(config);
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** A dead-letter topic that takes less than the producer's request size: the job must size for it too. */
    private static void limitDeadLetterTopic() throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            admin.incrementalAlterConfigs(Map.of(
                    new ConfigResource(ConfigResource.Type.TOPIC, config.deadLetterTopic()),
                    List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                            String.valueOf(DEAD_LETTER_TOPIC_MAX)), AlterConfigOp.OpType.SET)))).all().get();
        }
    }

    private static void produce() {
        HostileRecords generated = new HostileRecords(now, 20);
        try (KafkaProducer<byte[], byte[]> producer = PipelineRun.producer(kafka)) {
            for (HostileRecords.Raw r : generated.reviews()) {
                send(producer, config.reviewsTopic(), r.key(), r.value());
                reviewsSent++;
            }
            for (HostileRecords.Raw r : generated.labels()) {
                send(producer, config.labelsTopic(), r.key(), r.value());
                labelsSent++;
            }
            byte[] key = "after".getBytes(StandardCharsets.UTF_8);
            send(producer, config.reviewsTopic(), key, AvroSerde.of(Review.class).serialize(Review.newBuilder()
                    .setReviewId("after").setText("Sent after all of them.").setEventTime(Instant.ofEpochMilli(now))
                    .build()));
            reviewsSent++;
            send(producer, config.labelsTopic(), key, AvroSerde.of(ReviewLabel.class).serialize(ReviewLabel
                    .newBuilder().setReviewId("after").setLabel(Sentiment.POSITIVE)
                    .setLabelTime(Instant.ofEpochMilli(now + 1)).build()));
            labelsSent++;
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, byte[] key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, e) -> {
            if (e != null) {
                throw new AssertionError("the test's own producer failed", e);
            }
        });
    }

    @Test
    void theValidReviewSentAfterThemIsCommitted() {
        List<SentimentEvent> after = outputs.sentiment().stream().filter(e -> e.getReviewId().equals("after"))
                .toList();
        assertEquals(1, after.size());
        assertEquals(now, after.get(0).getEventTime().toEpochMilli());
    }

    @Test
    void everyReviewIsScoredOrDeadLettered() {
        long dead = deadLetters(config.reviewsTopic());
        assertEquals(reviewsSent, outputs.sentiment().size() + dead);
        assertTrue(outputs.sentiment().size() > 20 && dead > 100, outputs.sentiment().size() + " scored, " + dead
                + " dead-lettered");
    }

    @Test
    void everyLabelIsMatchedDroppedOrDeadLettered() {
        long matched = outputs.finalSum(AccuracyReport::getCount);
        long dropped = outputs.finalSum(AccuracyReport::getLateLabelsDropped);
        assertEquals(labelsSent, matched + dropped + deadLetters(config.labelsTopic()));
    }

    @Test
    void everyReasonIsOneTheContractNames() {
        Map<String, Long> byReason = outputs.deadLetters().stream().collect(Collectors.groupingBy(
                d -> d.getSourceTopic() + "/" + d.getReason(), TreeMap::new, Collectors.counting()));
        for (String expected : List.of("reviews/NOT_AVRO", "reviews/MALFORMED", "reviews/MISSING_FIELD",
                "reviews/ID_TOO_LONG", "reviews/EMPTY_TEXT", "reviews/EVENT_TIME_BEFORE_EPOCH",
                "reviews/EVENT_TIME_IN_FUTURE", "reviews/TOMBSTONE", "labels/MALFORMED", "labels/ID_TOO_LONG",
                "labels/EVENT_TIME_BEFORE_EPOCH", "labels/EVENT_TIME_IN_FUTURE", "labels/MISSING_FIELD")) {
            assertNotNull(byReason.get(expected), expected + " in " + byReason);
        }
    }

    @Test
    void everyOutputRecordFitsTheProducersRequestSize() {
        for (String topic : List.of(config.sentimentTopic(), config.accuracyTopic(), config.deadLetterTopic())) {
            for (var record : TopicReader.readAll(config.bootstrapServers(), topic)) {
                int size = (record.key() == null ? 0 : record.key().length) + record.value().length;
                int limit = topic.equals(config.deadLetterTopic()) ? DEAD_LETTER_TOPIC_MAX : MAX_REQUEST;
                assertTrue(size < limit, topic + " record of " + size + " bytes");
                assertTrue(record.timestamp() >= 0);
            }
        }
        DeadLetter hugeKey = outputs.deadLetters().stream()
                .filter(d -> d.getKey() != null && d.getError().contains("(key cut to its first ")).findFirst()
                .orElseThrow();
        assertTrue(hugeKey.getError().endsWith(" of 600000 bytes)"), hugeKey.getError());
    }

    private static long deadLetters(String topic) {
        return outputs.deadLetters().stream().filter(d -> d.getSourceTopic().equals(topic)).count();
    }
}
