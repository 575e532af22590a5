package org.sentimentstream.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sentimentstream.job.testutils.PipelineRun;
import org.sentimentstream.job.testutils.TestModel;
import org.sentimentstream.job.testutils.TopicReader;
import org.sentimentstream.local.EmbeddedKafkaBroker;
import org.sentimentstream.model.Prediction;
import org.sentimentstream.model.SentimentModel;
import org.sentimentstream.trainer.imdb.ImdbReview;
import org.sentimentstream.trainer.testutils.RealImdb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ML_PREDICT with the {@code sentiment-tensorflow} provider in a real SQL pipeline: JSON reviews from a Kafka
 * table through {@code CREATE MODEL} and {@code ML_PREDICT} into a Kafka table, on a MiniCluster and the embedded
 * broker; every row's probability is the one the model gives the same text offline ({@code ./sentiment predict}),
 * in sync and in async mode, and a review without text keeps its row, with NULL predictions.
 */
class MlPredictITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = PipelineRun.miniCluster();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REVIEWS = 60;
    private static final String NO_TEXT = "no-text";

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker kafka;
    private static Path modelDir;
    private static String modelVersion;
    /** What the model gives each review offline, by review id. */
    private static final Map<String, Prediction> expected = new LinkedHashMap<>();

    @BeforeAll
    static void produceReviews() throws Exception {
        var imdb = RealImdb.dataset();
        modelDir = TestModel.directory(imdb);
        List<ImdbReview> reviews = imdb.test().stream().sorted(Comparator.comparing(ImdbReview::id))
                .limit(REVIEWS).toList();
        try (SentimentModel model = SentimentModel.load(modelDir)) {
            List<Prediction> offline = model.predict(reviews.stream().map(ImdbReview::text).toList());
            for (int i = 0; i < reviews.size(); i++) {
                expected.put(reviews.get(i).id(), offline.get(i));
            }
            modelVersion = model.metadata().modelVersion();
        }
        kafka = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
        kafka.createTopics(2, List.of("reviews"));
        try (KafkaProducer<byte[], byte[]> producer = PipelineRun.producer(kafka)) {
            for (ImdbReview r : reviews) {
                send(producer, JSON.writeValueAsString(Map.of("review_id", r.id(), "text", r.text())));
            }
            send(producer, "{\"review_id\": \"" + NO_TEXT + "\"}");
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String json) throws Exception {
        producer.send(new ProducerRecord<>("reviews", json.getBytes(StandardCharsets.UTF_8))).get();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** A session with the reviews topic as a bounded JSON table and {@code sink} as the scored table. */
    private static TableEnvironment session(String sink) {
        kafka.createTopics(1, List.of(sink));
        TableEnvironment sql = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        sql.getConfig().set("parallelism.default", "2");
        sql.executeSql("""
                CREATE TABLE reviews (review_id STRING, text STRING) WITH (
                  'connector' = 'kafka', 'topic' = 'reviews', 'properties.bootstrap.servers' = '%s',
                  'properties.group.id' = '%s', 'scan.startup.mode' = 'earliest-offset',
                  'scan.bounded.mode' = 'latest-offset', 'format' = 'json')"""
                .formatted(kafka.bootstrapServers(), sink));
        sql.executeSql("""
                CREATE TABLE scored (review_id STRING, probability DOUBLE, label STRING, logit FLOAT,
                  model_version STRING) WITH (
                  'connector' = 'kafka', 'topic' = '%s', 'properties.bootstrap.servers' = '%s', 'format' = 'json')"""
                .formatted(sink, kafka.bootstrapServers()));
        return sql;
    }

    private static void createModel(TableEnvironment sql, String name, Path model, String extraOptions) {
        sql.executeSql("""
                CREATE MODEL %s
                  INPUT (text STRING)
                  OUTPUT (probability DOUBLE, label STRING, logit FLOAT, model_version STRING)
                  WITH ('provider' = 'sentiment-tensorflow', 'model-dir' = '%s'%s)"""
                .formatted(name, model, extraOptions));
    }

    private static String insert(String model, String runtimeOptions) {
        return "INSERT INTO scored SELECT review_id, probability, label, logit, model_version "
                + "FROM ML_PREDICT(TABLE reviews, MODEL " + model + ", DESCRIPTOR(text), MAP[" + runtimeOptions + "])";
    }

    private static void assertScoredAsOffline(String sink) throws Exception {
        Map<String, JsonNode> rows = new HashMap<>();
        for (var record : TopicReader.readAll(kafka.bootstrapServers(), sink)) {
            JsonNode row = JSON.readTree(record.value());
            assertEquals(null, rows.put(row.path("review_id").asText(), row), "duplicate " + row);
        }
        assertEquals(REVIEWS + 1, rows.size(), rows.keySet().toString());
        expected.forEach((id, p) -> {
            JsonNode row = rows.get(id);
            assertNotNull(row, id);
            assertEquals(p.probability(), row.path("probability").asDouble(), 1e-5, id);
            assertEquals(p.logit(), row.path("logit").floatValue(), 1e-5, id);
            assertEquals(p.label(), row.path("label").asText(), id);
            assertEquals(modelVersion, row.path("model_version").asText(), id);
        });
        JsonNode noText = rows.get(NO_TEXT);
        assertTrue(noText.path("probability").isNull() && noText.path("label").isNull(), noText.toString());
    }

    @Test
    @Timeout(300)
    void syncScoresEachRowAsTheModelDoesOffline() throws Exception {
        TableEnvironment sql = session("scored-sync");
        createModel(sql, "sentiment", modelDir, "");
        sql.executeSql(insert("sentiment", "'async', 'false'")).await();
        assertScoredAsOffline("scored-sync");
    }

    @Test
    @Timeout(300)
    void asyncScoresMicroBatchesAsTheModelDoesOffline() throws Exception {
        TableEnvironment sql = session("scored-async");
        createModel(sql, "sentiment", modelDir, ", 'batch.size' = '16', 'batch.max-wait' = '50ms', 'threads' = '2'");
        sql.executeSql(insert("sentiment", "'async', 'true', 'max-concurrent-operations', '64'")).await();
        assertScoredAsOffline("scored-async");
    }

    @Test
    void aMissingModelDirectoryFailsTheStatementWithOneLine() {
        TableEnvironment sql = session("scored-missing");
        Path absent = dir.resolve("absent");
        createModel(sql, "absent_model", absent, "");
        ValidationException e = assertThrows(ValidationException.class,
                () -> sql.executeSql(insert("absent_model", "'async', 'false'")));
        String line = ExceptionUtils.findThrowableWithMessage(e, "model 'absent_model'").orElseThrow().getMessage();
        assertEquals("model 'absent_model': model directory not found: " + absent + " (train one with "
                + "./sentiment train --model-dir " + absent + ")", line);
    }
}
