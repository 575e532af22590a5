package org.sentimentstream.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sentimentstream.job.testutils.PipelineRun;
import org.sentimentstream.job.testutils.TestModel;
import org.sentimentstream.job.testutils.TopicReader;
import org.sentimentstream.local.EmbeddedKafkaBroker;
import org.sentimentstream.model.BinaryMetrics;
import org.sentimentstream.model.SentimentModel;
import org.sentimentstream.replay.ImdbReplay;
import org.sentimentstream.replay.ReplaySettings;
import org.sentimentstream.schemas.AccuracyReport;
import org.sentimentstream.schemas.AvroSerde;
import org.sentimentstream.schemas.DeadLetter;
import org.sentimentstream.schemas.Review;
import org.sentimentstream.schemas.ReviewLabel;
import org.sentimentstream.schemas.Sentiment;
import org.sentimentstream.schemas.SentimentEvent;
import org.sentimentstream.trainer.imdb.ImdbDataset;
import org.sentimentstream.trainer.imdb.ImdbReview;
import org.sentimentstream.trainer.testutils.RealImdb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The whole job on a Flink MiniCluster against a real in-process KRaft broker: IMDB reviews replayed with their
 * labels, plus hand-made cases (labels before reviews, labels past the max delay, reviews never labeled, bytes that
 * are no review, empty texts, a tombstone). The job runs bounded with exactly-once sinks and checkpoints; the
 * topics are then read as a read_committed consumer would.
 */
class SentimentJobITCase {
    private static final int REPLAYED = 2000;
    private static final Duration MAX_DELAY = Duration.ofSeconds(5);

    @RegisterExtension
    static final MiniClusterExtension FLINK = PipelineRun.miniCluster();

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker kafka;
    private static Path modelDir;
    private static JobConfig config;
    private static final Map<String, String> texts = new HashMap<>();
    private static final Map<String, Boolean> truth = new HashMap<>();
    private static List<ConsumerRecord<byte[], byte[]>> sentiment;
    private static List<AccuracyReport> reports;
    private static List<DeadLetter> deadLetters;

    @BeforeAll
    static void runTheJob() throws Exception {
        ImdbDataset imdb = RealImdb.dataset();
        modelDir = TestModel.directory(imdb);
        kafka = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
        JobConfig.Builder b = PipelineRun.config(kafka, modelDir);
        b.labelsMaxDelay = MAX_DELAY;
        config = b.build();
        PipelineRun.createTopics(kafka, config);

        ImdbReplay replay = new ImdbReplay(new ReplaySettings(kafka.bootstrapServers(), config.reviewsTopic(),
                config.labelsTopic(), 0, Duration.ofMillis(100), Duration.ofMillis(50), 7, REPLAYED,
                new Properties()), false);
        for (ImdbReview review : replay.run(imdb.test()).reviews()) {
            texts.put(review.id(), review.text());
            truth.put(review.id(), review.positive());
        }
        produceHandMadeCases();

        PipelineRun.runBounded(config);

        sentiment = TopicReader.readAll(kafka.bootstrapServers(), config.sentimentTopic());
        PipelineRun.Outputs outputs = PipelineRun.read(config);
        reports = outputs.reports();
        deadLetters = outputs.deadLetters();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** 10 labeled before their review, 10 labeled too late, 20 never labeled, 11 unusable records. */
    private static void produceHandMadeCases() {
        AvroSerde<Review> reviews = AvroSerde.of(Review.class);
        AvroSerde<ReviewLabel> labels = AvroSerde.of(ReviewLabel.class);
        long now = System.currentTimeMillis();
        try (KafkaProducer<byte[], byte[]> producer = PipelineRun.producer(kafka)) {
            List<String> kinds = List.of("early", "late", "unlabeled", "unlabeled");
            int n = 0;
            for (String kind : kinds) {
                for (int i = 0; i < 10; i++, n++) {
                    String id = kind + "-" + n;
                    String text = n % 2 == 0 ? "A wonderful, moving film. Loved it." : "Dull and far too long.";
                    long eventTime = now + n;
                    texts.put(id, text);
                    truth.put(id, n % 3 == 0);
                    if (!kind.equals("unlabeled")) {
                        long labelTime = kind.equals("early") ? eventTime - 1000
                                : eventTime + MAX_DELAY.toMillis() + 1000;
                        producer.send(new ProducerRecord<>(config.labelsTopic(), null, labelTime, bytes(id),
                                labels.serialize(ReviewLabel.newBuilder().setReviewId(id)
                                        .setLabel(n % 3 == 0 ? Sentiment.POSITIVE : Sentiment.NEGATIVE)
                                        .setLabelTime(Instant.ofEpochMilli(labelTime)).build())));
                    }
                    producer.send(new ProducerRecord<>(config.reviewsTopic(), null, eventTime, bytes(id),
                            reviews.serialize(review(id, text, eventTime))));
                }
            }
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(config.reviewsTopic(), bytes("junk-" + i),
                        ("not avro " + i).getBytes(StandardCharsets.UTF_8)));
            }
            for (String blank : List.of("", " ", "\n\t", "", "   ")) {
                producer.send(new ProducerRecord<>(config.reviewsTopic(), null, now, bytes("blank"),
                        reviews.serialize(review("blank", blank, now))));
            }
            producer.send(new ProducerRecord<>(config.reviewsTopic(), bytes("tombstone"), null));
        }
    }

    private static Review review(String id, String text, long eventTime) {
        return Review.newBuilder().setReviewId(id).setText(text).setEventTime(Instant.ofEpochMilli(eventTime))
                .build();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyReviewProducedExactlyOneSentimentEvent() {
        Map<String, Long> perId = sentiment.stream().collect(Collectors.groupingBy(
                r -> new String(r.key(), StandardCharsets.UTF_8), Collectors.counting()));
        assertEquals(REPLAYED + 40, sentiment.size());
        assertEquals(texts.keySet(), perId.keySet());
        assertTrue(perId.values().stream().allMatch(c -> c == 1), "duplicates in the sentiment topic");
    }

    @Test
    void probabilitiesEqualTheOfflineModel() throws Exception {
        AvroSerde<SentimentEvent> serde = AvroSerde.of(SentimentEvent.class);
        List<SentimentEvent> events = new ArrayList<>();
        for (var record : sentiment) {
            events.add(serde.deserialize(record.value()));
        }
        List<String> ordered = events.stream().map(e -> texts.get(e.getReviewId())).toList();
        try (SentimentModel model = SentimentModel.load(modelDir)) {
            float[] offline = model.logits(ordered);
            for (int i = 0; i < events.size(); i++) {
                SentimentEvent e = events.get(i);
                double p = 1 / (1 + Math.exp(-offline[i]));
                assertEquals(p, e.getProbability(), 1e-5, e.getReviewId());
                assertEquals(p >= 0.5 ? Sentiment.POSITIVE : Sentiment.NEGATIVE, e.getLabel());
                assertEquals(model.metadata().modelVersion(), e.getModelVersion());
                assertTrue(!e.getScoredAt().isBefore(e.getEventTime()));
            }
        }
    }

    @Test
    void finalReportsAddUpToTheLabeledReviewsAndTheOfflineAccuracy() throws Exception {
        Map<Long, AccuracyReport> finals = new TreeMap<>();
        for (AccuracyReport r : reports) {
            if (r.getFinal$()) {
                assertTrue(finals.put(r.getWindowStart().toEpochMilli(), r) == null, "two final reports");
            }
        }
        long count = finals.values().stream().mapToLong(AccuracyReport::getCount).sum();
        long correct = finals.values().stream().mapToLong(AccuracyReport::getCorrect).sum();
        long expired = finals.values().stream().mapToLong(AccuracyReport::getExpiredUnlabeled).sum();
        long dropped = finals.values().stream().mapToLong(AccuracyReport::getLateLabelsDropped).sum();
        assertEquals(REPLAYED + 10, count, "replayed reviews and the ones labeled before they came");
        assertEquals(30, expired, "never labeled, or labeled too late");
        assertEquals(10, dropped, "labels past labels.max-delay");

        List<String> labeled = texts.keySet().stream()
                .filter(id -> !id.startsWith("late-") && !id.startsWith("unlabeled-")).sorted().toList();
        try (SentimentModel model = SentimentModel.load(modelDir)) {
            float[] logits = model.logits(labeled.stream().map(texts::get).toList());
            int[] labels = labeled.stream().mapToInt(id -> truth.get(id) ? 1 : 0).toArray();
            BinaryMetrics offline = BinaryMetrics.of(logits, labels);
            assertEquals(offline.tp() + offline.tn(), correct);
            assertEquals(offline.tp(), finals.values().stream().mapToLong(AccuracyReport::getTp).sum());
            assertEquals(offline.fp(), finals.values().stream().mapToLong(AccuracyReport::getFp).sum());
        }
        // every window reported before it was final, with increasing revisions
        for (AccuracyReport last : finals.values()) {
            List<Integer> revisions = reports.stream().filter(r -> r.getWindowStart().equals(last.getWindowStart()))
                    .map(AccuracyReport::getRevision).toList();
            assertEquals(last.getRevision(), revisions.get(revisions.size() - 1));
            for (int i = 0; i < revisions.size(); i++) {
                assertEquals(i, revisions.get(i));
            }
        }
    }

    @Test
    void unusableInputIsDeadLetteredWithReasons() {
        Map<String, Long> byReason = deadLetters.stream().collect(Collectors.groupingBy(
                d -> d.getReason().name(), TreeMap::new, Collectors.counting()));
        assertEquals(Map.of("EMPTY_TEXT", 5L, "NOT_AVRO", 5L, "TOMBSTONE", 1L), byReason);
        for (DeadLetter d : deadLetters) {
            assertEquals(config.reviewsTopic(), d.getSourceTopic());
            assertTrue(d.getError().length() > 10, d.getError());
        }
        DeadLetter junk = deadLetters.stream().filter(d -> d.getReason().name().equals("NOT_AVRO")).findFirst()
                .orElseThrow();
        assertTrue(new String(junk.getValue().array(), StandardCharsets.UTF_8).startsWith("not avro "));
    }
}
