package org.sentimentstream.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sentimentstream.job.testutils.ExternalProducers;
import org.sentimentstream.job.testutils.PipelineRun;
import org.sentimentstream.job.testutils.TestModel;
import org.sentimentstream.job.testutils.TopicReader;
import org.sentimentstream.local.EmbeddedKafkaBroker;
import org.sentimentstream.model.SentimentModel;
import org.sentimentstream.replay.ImdbReplay;
import org.sentimentstream.replay.ReplaySettings;
import org.sentimentstream.schemas.AccuracyReport;
import org.sentimentstream.schemas.AvroSerde;
import org.sentimentstream.schemas.DeadLetter;
import org.sentimentstream.schemas.FormatOptions;
import org.sentimentstream.schemas.RecordFormat;
import org.sentimentstream.schemas.RecordSerde;
import org.sentimentstream.schemas.Review;
import org.sentimentstream.schemas.ReviewLabel;
import org.sentimentstream.schemas.SchemaRegistry;
import org.sentimentstream.schemas.Sentiment;
import org.sentimentstream.schemas.SentimentEvent;
import org.sentimentstream.schemas.testutils.InProcessSchemaRegistry;
import org.sentimentstream.trainer.imdb.ImdbReview;
import org.sentimentstream.trainer.testutils.RealImdb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The input formats real producers write, produced by clients this project did not write, through the real job:
 * JSON lines from {@code kcat}; Confluent-framed Avro from confluent-kafka's AvroProducer (Python, librdkafka) with
 * an evolved writer schema through a registry; single-object Avro from Python's avro package with an evolved
 * writer schema given as a file; and raw bytes from {@code kcat}. Valid reviews are scored with the probabilities
 * the model gives the same texts offline, evolved labels join, and every bad record is a dead letter that names its
 * cause. {@code replay} writes each format as the job reads it. The registry is {@link InProcessSchemaRegistry}: no
 * real one runs from Maven Central or Debian.
 */
class InputFormatsITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = PipelineRun.miniCluster();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PER_RUN = 12;

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker kafka;
    private static InProcessSchemaRegistry registry;
    private static Path modelDir;
    private static final Map<String, ImdbReview> reviews = new LinkedHashMap<>();
    private static Run json;
    private static Run registered;

    /** One bounded run of the job on its own topics: its config, the valid review ids sent, what came out. */
    private record Run(JobConfig config, List<String> validIds, int sent, PipelineRun.Outputs outputs) {

        Map<String, List<String>> deadLetters(String topic) {
            return outputs.deadLetters().stream().filter(d -> d.getSourceTopic().equals(topic))
                    .collect(Collectors.groupingBy(d -> d.getReason().name(), TreeMap::new,
                            Collectors.mapping(DeadLetter::getError, Collectors.toList())));
        }
    }

    @BeforeAll
    static void produceEveryFormatAndRunTheJob() throws Exception {
        var imdb = RealImdb.dataset();
        modelDir = TestModel.directory(imdb);
        imdb.test().stream().sorted(Comparator.comparing(ImdbReview::id)).limit(2 * PER_RUN)
                .forEach(r -> reviews.put(r.id(), r));
        kafka = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
        registry = InProcessSchemaRegistry.start();
        List<String> ids = List.copyOf(reviews.keySet());
        json = runJson(ids.subList(0, PER_RUN));
        registered = runRegistered(ids.subList(PER_RUN, 2 * PER_RUN));
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Reviews and labels as JSON lines from kcat, epoch milliseconds and ISO-8601 times alternating. */
    private static Run runJson(List<String> ids) throws Exception {
        JobConfig.Builder b = PipelineRun.namespaced(kafka, modelDir, "json");
        b.bounded = true;
        b.reviewsFormat = RecordFormat.JSON;
        b.labelsFormat = RecordFormat.JSON;
        JobConfig config = b.build();
        PipelineRun.createTopics(kafka, config);
        ExternalProducers producers = new ExternalProducers(kafka.bootstrapServers(), dir);
        long now = System.currentTimeMillis();
        List<String> reviewLines = new ArrayList<>();
        List<String> labelLines = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            ImdbReview r = reviews.get(ids.get(i));
            Object time = i % 2 == 0 ? now : Instant.ofEpochMilli(now).toString();
            reviewLines.add(r.id() + "\t" + JSON.writeValueAsString(Map.of("review_id", r.id(), "text", r.text(),
                    "event_time", time, "source", "imdb/test")));
            labelLines.add(r.id() + "\t" + JSON.writeValueAsString(Map.of("review_id", r.id(), "label",
                    r.positive() ? "POSITIVE" : "NEGATIVE", "rating", r.rating(), "label_time", time)));
        }
        reviewLines.add("no-text\t{\"review_id\": \"no-text\", \"event_time\": " + now + "}");
        reviewLines.add("bad-time\t{\"review_id\": \"bad-time\", \"text\": \"Fine.\", \"event_time\": \"yesterday\"}");
        reviewLines.add("not-json\tthis is not json");
        producers.kcatLines(config.reviewsTopic(), reviewLines);
        producers.kcatRaw(config.reviewsTopic(), AvroSerde.of(Review.class).serialize(Review.newBuilder()
                .setReviewId("avro-on-json").setText("Good.").setEventTime(Instant.ofEpochMilli(now)).build()));
        producers.kcatLines(config.labelsTopic(), labelLines);
        PipelineRun.runBounded(config);
        return new Run(config, ids, reviewLines.size() + 1, PipelineRun.read(config));
    }

    /**
     * Reviews as Confluent-framed Avro written with an evolved schema (fields reordered, an optional field added)
     * through the registry; labels as single-object Avro written with an evolved schema given in
     * {@code --writer-schemas}; and raw frames the topics' formats reject, from kcat. The label schema's time is a
     * plain long: the avro package's canonical form (1.11) keeps a logical type's primitive as an object, unlike
     * the specification, so its fingerprint of a schema with logical types is not the one Java computes.
     */
    private static Run runRegistered(List<String> ids) throws Exception {
        Path writerSchemas = Files.createDirectories(dir.resolve("writer-schemas"));
        String evolvedLabel = """
                {"type": "record", "name": "ReviewLabel", "namespace": "org.sentimentstream.schemas", "fields": [
                  {"name": "label_time", "type": "long"},
                  {"name": "annotator", "type": ["null", "string"], "default": null},
                  {"name": "label", "type": {"type": "enum", "name": "Sentiment", "symbols": ["NEGATIVE", "POSITIVE"]}},
                  {"name": "review_id", "type": "string"}]}""";
        Files.writeString(writerSchemas.resolve("ReviewLabel-v2.avsc"), evolvedLabel);
        JobConfig.Builder b = PipelineRun.namespaced(kafka, modelDir, "registry");
        b.bounded = true;
        b.reviewsFormat = RecordFormat.CONFLUENT_AVRO;
        b.labelsFormat = RecordFormat.AVRO;
        b.schemaRegistryUrl = registry.url();
        b.writerSchemas = writerSchemas;
        JobConfig config = b.build();
        PipelineRun.createTopics(kafka, config);
        String evolvedReview = """
                {"type": "record", "name": "Review", "namespace": "org.sentimentstream.schemas", "fields": [
                  {"name": "event_time", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                  {"name": "language", "type": ["null", "string"], "default": null},
                  {"name": "text", "type": "string"},
                  {"name": "review_id", "type": "string"}]}""";
        long now = System.currentTimeMillis();
        List<String> reviewRecords = new ArrayList<>();
        List<String> labelRecords = new ArrayList<>();
        for (String id : ids) {
            ImdbReview r = reviews.get(id);
            reviewRecords.add(JSON.writeValueAsString(Map.of("review_id", id, "text", r.text(), "event_time", now,
                    "language", "en")));
            labelRecords.add(JSON.writeValueAsString(Map.of("review_id", id, "label",
                    r.positive() ? "POSITIVE" : "NEGATIVE", "label_time", now, "annotator", "imdb")));
        }
        ExternalProducers producers = new ExternalProducers(kafka.bootstrapServers(), dir);
        producers.pythonConfluentAvro(config.reviewsTopic(), registry.url(), evolvedReview, reviewRecords);
        producers.kcatRaw(config.reviewsTopic(), new byte[] {0, 0, 0, 0x27, 0x0F, 2, 'x'}); // schema id 9999
        producers.pythonSingleObjectAvro(config.labelsTopic(), evolvedLabel, labelRecords);
        byte[] label = AvroSerde.of(ReviewLabel.class).serialize(ReviewLabel.newBuilder().setReviewId(ids.get(0))
                .setLabel(Sentiment.POSITIVE).setLabelTime(Instant.ofEpochMilli(now)).build());
        producers.kcatRaw(config.labelsTopic(), Arrays.copyOf(label, label.length + 100));
        producers.kcatRaw(config.labelsTopic(), new byte[] {0, 0, 0, 0, 1, 2, 'r', 2});
        PipelineRun.runBounded(config);
        return new Run(config, ids, ids.size() + 1, PipelineRun.read(config));
    }

    @Test
    void jsonReviewsAreScoredAsTheModelScoresTheirTexts() throws Exception {
        assertScoredAsOffline(json);
    }

    @Test
    void confluentFramedReviewsOfAnEvolvedSchemaAreScoredAsTheModelScoresTheirTexts() throws Exception {
        assertScoredAsOffline(registered);
    }

    @Test
    void labelsInJsonAndInAnEvolvedSingleObjectSchemaJoinTheirReviews() {
        assertEquals(PER_RUN, json.outputs().finalSum(AccuracyReport::getCount));
        assertEquals(PER_RUN, registered.outputs().finalSum(AccuracyReport::getCount),
                "every label written with the evolved schema resolved and joined");
        assertEquals(0, json.outputs().finalSum(AccuracyReport::getExpiredUnlabeled));
        assertEquals(0, registered.outputs().finalSum(AccuracyReport::getExpiredUnlabeled));
    }

    @Test
    void badJsonRecordsAreDeadLetteredNamingTheField() {
        Map<String, List<String>> byReason = json.deadLetters(json.config().reviewsTopic());
        assertEquals(List.of("field text is missing"), byReason.get("MISSING_FIELD"), byReason.toString());
        List<String> malformed = byReason.get("MALFORMED");
        assertEquals(3, malformed.size(), byReason.toString());
        assertTrue(malformed.stream().anyMatch(m -> m.startsWith("field event_time: \"yesterday\" is not an ISO-8601")),
                malformed.toString());
        assertTrue(malformed.stream().anyMatch(m -> m.startsWith("not one JSON Review object: Unrecognized token")),
                malformed.toString());
        assertTrue(malformed.stream().anyMatch(m -> m.endsWith("they look like avro (single-object encoding, "
                + "marker C3 01): read this topic with that format")), malformed.toString());
        assertEquals(json.sent(), json.outputs().sentiment().size() + 4);
        assertEquals(Map.of(), json.deadLetters(json.config().labelsTopic()));
    }

    @Test
    void badFramesAreDeadLetteredWithTheirCause() {
        Map<String, List<String>> reviewsByReason = registered.deadLetters(registered.config().reviewsTopic());
        assertEquals(List.of("UNKNOWN_SCHEMA"), List.copyOf(reviewsByReason.keySet()));
        assertTrue(reviewsByReason.get("UNKNOWN_SCHEMA").get(0).startsWith("written with a schema this reader "
                + "cannot get: schema id 9999: registry " + registry.url() + " answered HTTP 404"),
                reviewsByReason.toString());
        assertEquals(registered.sent(), registered.outputs().sentiment().size() + 1);

        Map<String, List<String>> labelsByReason = registered.deadLetters(registered.config().labelsTopic());
        assertEquals(List.of("MALFORMED", "NOT_AVRO"), List.copyOf(labelsByReason.keySet()), labelsByReason.toString());
        assertEquals(List.of("malformed ReviewLabel: 100 bytes after the complete record"),
                labelsByReason.get("MALFORMED"), labelsByReason.toString());
        assertEquals(1, labelsByReason.get("NOT_AVRO").size());
        assertTrue(labelsByReason.get("NOT_AVRO").get(0).endsWith("they look like confluent-avro (magic byte 0, "
                + "schema id 1): read this topic with that format"), labelsByReason.toString());
    }

    @Test
    void replayWritesEachFormatAsTheJobReadsIt() throws Exception {
        FormatOptions options = new FormatOptions(new SchemaRegistry.Settings(registry.url(), null), List.of());
        List<ImdbReview> split = List.copyOf(reviews.values());
        for (RecordFormat format : RecordFormat.values()) {
            String reviewsTopic = "replay-" + format.id() + "-reviews";
            String labelsTopic = "replay-" + format.id() + "-labels";
            kafka.createTopics(1, List.of(reviewsTopic, labelsTopic));
            ImdbReplay.Result result = new ImdbReplay(new ReplaySettings(kafka.bootstrapServers(), reviewsTopic,
                    labelsTopic, 0, Duration.ZERO, Duration.ZERO, 1, 5, new Properties(), format, options), false)
                    .run(split);
            RecordSerde<Review> reviewSerde = format.serde(Review.class, reviewsTopic, options);
            RecordSerde<ReviewLabel> labelSerde = format.serde(ReviewLabel.class, labelsTopic, options);
            List<String> texts = new ArrayList<>();
            for (var record : TopicReader.readAll(kafka.bootstrapServers(), reviewsTopic)) {
                texts.add(reviewSerde.deserialize(record.value()).getText());
            }
            List<String> labeled = new ArrayList<>();
            for (var record : TopicReader.readAll(kafka.bootstrapServers(), labelsTopic)) {
                labeled.add(labelSerde.deserialize(record.value()).getReviewId());
            }
            assertEquals(result.reviews().stream().map(ImdbReview::text).toList(), texts, format.id());
            assertEquals(result.reviews().stream().map(ImdbReview::id).sorted().toList(),
                    labeled.stream().sorted().toList(), format.id());
        }
    }

    private static void assertScoredAsOffline(Run run) throws Exception {
        List<SentimentEvent> events = run.outputs().sentiment();
        assertEquals(run.validIds().stream().sorted().toList(),
                events.stream().map(SentimentEvent::getReviewId).sorted().toList());
        try (SentimentModel model = SentimentModel.load(modelDir)) {
            float[] offline = model.logits(events.stream().map(e -> reviews.get(e.getReviewId()).text()).toList());
            for (int i = 0; i < events.size(); i++) {
                double p = 1 / (1 + Math.exp(-offline[i]));
                assertEquals(p, events.get(i).getProbability(), 1e-5, events.get(i).getReviewId());
            }
        }
    }
}
