package org.sentimentstream.cli.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentimentstream.job.testutils.PipelineRun;
import org.sentimentstream.job.testutils.TopicReader;
import org.sentimentstream.local.EmbeddedKafkaBroker;
import org.sentimentstream.schemas.AccuracyReport;
import org.sentimentstream.schemas.AvroSerde;
import org.sentimentstream.schemas.DeadLetter;
import org.sentimentstream.schemas.DeadLetterReason;
import org.sentimentstream.schemas.Review;
import org.sentimentstream.schemas.Sentiment;
import org.sentimentstream.schemas.SentimentEvent;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The live dashboard in a real browser: headless Chromium (Debian's package) driven by playwright-core
 * ({@code src/test/js/dashboard-browser-test.mjs}) opens the page on an embedded broker's topics, then more results
 * arrive while it is open. Both times the page must agree with what the topics hold (counts, share positive,
 * latency percentiles, dead letters by reason, every accuracy report with its revision in the chart, the newest
 * review), and a review made of markup and script must show as text and never run.
 */
class DashboardITCase {
    private static final String XSS = "<script>window.__xss = 1</script><img src=x onerror=\"window.__xss = 2\">"
            + "<b>Best film of the year</b>, says the tag soup.";
    private static final DashboardTopics TOPICS =
            new DashboardTopics("dash-reviews", "dash-sentiment", "dash-accuracy", "dash-comparison",
                    "dash-dead-letters");
    private static final Path TARGET = Path.of("target");

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker kafka;
    private static Dashboard dashboard;
    private static final long WINDOW = 5_000;
    private static final long T0 = System.currentTimeMillis() / WINDOW * WINDOW - 2 * WINDOW;

    @BeforeAll
    static void start() throws Exception {
        for (String binary : List.of("/usr/bin/chromium", "/usr/bin/node")) {
            assertTrue(Files.isExecutable(Path.of(binary)), binary + " not found: install it with "
                    + "`apt-get install -y " + Path.of(binary).getFileName() + "`");
        }
        kafka = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
        kafka.createTopics(2, List.of(TOPICS.reviews()));
        kafka.createTopics(1, List.of(TOPICS.sentiment(), TOPICS.accuracy(), TOPICS.comparison(),
                TOPICS.deadLetters()));
        dashboard = Dashboard.start(kafka.bootstrapServers(), new Properties(), TOPICS,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterAll
    static void stop() throws Exception {
        if (dashboard != null) {
            dashboard.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void pageAgreesWithTheTopicsWhileResultsArriveAndShowsMarkupAsText() throws Exception {
        produceFirstResults();
        Path expected1 = expectation("expected-1.json");
        Path screenshot = TARGET.resolve("dashboard-it.png");
        Files.deleteIfExists(screenshot);
        Process browser = new ProcessBuilder("node", "src/test/js/dashboard-browser-test.mjs",
                dashboard.url().toString(), expected1.toString(), dir.resolve("expected-2.json").toString(),
                screenshot.toString(), dir.resolve("chromium-profile").toString())
                .redirectError(TARGET.resolve("dashboard-browser-test.log").toFile()).start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(browser.getInputStream(), StandardCharsets.UTF_8));
                Writer in = browser.outputWriter(StandardCharsets.UTF_8)) {
            String line = out.readLine();
            assertEquals("phase 1 ok", line, "the page did not agree with the first results");
            produceMoreResults();
            expectation("expected-2.json");
            in.write("next\n");
            in.flush();
            JsonNode result = new ObjectMapper().readTree(out.readLine());
            assertTrue(browser.waitFor(1, TimeUnit.MINUTES), "the browser test did not end");
            assertTrue(result.path("ok").asBoolean(), result.toString());
            assertEquals(0, browser.exitValue());
            assertEquals(60, result.path("phase2").path("scored").asInt());
            assertEquals("r-xss", result.path("phase2").path("newest").asText());
        } finally {
            browser.destroyForcibly();
        }
        byte[] png = Arrays.copyOf(Files.readAllBytes(screenshot), 4);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, png);
    }

    /** 30 reviews scored, the first report of window 1, two dead letters. */
    private static void produceFirstResults() {
        try (KafkaProducer<byte[], byte[]> producer = PipelineRun.producer(kafka)) {
            for (int i = 0; i < 30; i++) {
                scored(producer, "r-" + i, "A film, take " + i + ".", i);
            }
            send(producer, TOPICS.accuracy(), report(T0, 0, false, 20, 16));
            send(producer, TOPICS.deadLetters(), deadLetter(DeadLetterReason.NOT_AVRO, 7));
            send(producer, TOPICS.deadLetters(), deadLetter(DeadLetterReason.EMPTY_TEXT, 8));
        }
    }

    /** 30 more, the last one all markup; window 1 revised and final, window 2's first report; one dead letter. */
    private static void produceMoreResults() {
        try (KafkaProducer<byte[], byte[]> producer = PipelineRun.producer(kafka)) {
            for (int i = 30; i < 59; i++) {
                scored(producer, "r-" + i, "Another film, take " + i + ".", i);
            }
            scored(producer, "r-xss", XSS, 59);
            send(producer, TOPICS.accuracy(), report(T0, 1, true, 30, 27));
            send(producer, TOPICS.accuracy(), report(T0 + WINDOW, 0, false, 10, 7));
            send(producer, TOPICS.deadLetters(), deadLetter(DeadLetterReason.TOMBSTONE, 9));
        }
    }

    /** A review and its score; every third positive, the scoring latency (i + 1) * 10 ms. */
    private static void scored(KafkaProducer<byte[], byte[]> producer, String id, String text, int i) {
        long scoredAt = System.currentTimeMillis();
        long eventTime = scoredAt - (i + 1) * 10L;
        double probability = i % 3 == 0 ? 0.9 : 0.2;
        send(producer, TOPICS.reviews(), Review.newBuilder().setReviewId(id).setText(text)
                .setEventTime(Instant.ofEpochMilli(eventTime)).build());
        send(producer, TOPICS.sentiment(), SentimentEvent.newBuilder().setReviewId(id)
                .setEventTime(Instant.ofEpochMilli(eventTime)).setScoredAt(Instant.ofEpochMilli(scoredAt))
                .setProbability(probability).setLabel(probability >= 0.5 ? Sentiment.POSITIVE : Sentiment.NEGATIVE)
                .setLogit((float) Math.log(probability / (1 - probability))).setModelVersion("m1")
                .setTruncated(false).build());
    }

    private static AccuracyReport report(long start, int revision, boolean isFinal, long count, long correct) {
        return AccuracyReport.newBuilder().setWindowStart(Instant.ofEpochMilli(start))
                .setWindowEnd(Instant.ofEpochMilli(start + WINDOW)).setModelVersion("m1").setCount(count)
                .setCorrect(correct).setAccuracy((double) correct / count).setTp(correct).setFp(count - correct)
                .setTn(0).setFn(0).setPrecision(0).setRecall(0).setF1(0).setLogLoss(0.3).setRevision(revision)
                .setFinal$(isFinal).setLateLabelsDropped(0).setExpiredUnlabeled(0).build();
    }

    private static DeadLetter deadLetter(DeadLetterReason reason, long offset) {
        return DeadLetter.newBuilder().setSourceTopic(TOPICS.reviews()).setSourcePartition(0).setSourceOffset(offset)
                .setReason(reason).setError("test: " + reason).setTime(Instant.now()).build();
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> void send(KafkaProducer<byte[], byte[]> producer, String topic,
            T record) {
        AvroSerde<T> serde = AvroSerde.of((Class<T>) record.getClass());
        producer.send(new ProducerRecord<>(topic, null, serde.serialize(record)));
    }

    /** What the page must show, computed from what the topics hold now (read_committed), as JSON for the browser. */
    private static Path expectation(String name) throws Exception {
        List<SentimentEvent> events = read(TOPICS.sentiment(), SentimentEvent.class);
        List<AccuracyReport> reports = read(TOPICS.accuracy(), AccuracyReport.class);
        Map<String, String> texts = new LinkedHashMap<>();
        read(TOPICS.reviews(), Review.class).forEach(r -> texts.put(r.getReviewId(), r.getText()));
        Map<String, Long> deadLetters = new TreeMap<>();
        read(TOPICS.deadLetters(), DeadLetter.class).forEach(d -> deadLetters.merge(d.getReason().name(), 1L,
                Long::sum));
        long[] latencies = events.stream()
                .mapToLong(e -> e.getScoredAt().toEpochMilli() - e.getEventTime().toEpochMilli()).sorted().toArray();
        List<AccuracyReport> labeled = reports.stream().filter(r -> r.getCount() > 0).toList();
        List<Map<String, Object>> points = new ArrayList<>();
        labeled.stream().sorted(Comparator.comparing(AccuracyReport::getWindowEnd)
                        .thenComparingInt(AccuracyReport::getRevision))
                .forEach(r -> points.add(Map.of("windowEnd", r.getWindowEnd().toEpochMilli(),
                        "revision", r.getRevision(), "final", r.getFinal$(), "accuracy", r.getAccuracy(),
                        "count", r.getCount())));
        SentimentEvent newest = events.get(events.size() - 1);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("scored", events.size());
        expected.put("positive", events.stream().filter(e -> e.getLabel() == Sentiment.POSITIVE).count());
        expected.put("deadLetters", deadLetters.values().stream().mapToLong(Long::longValue).sum());
        expected.put("deadLettersByReason", deadLetters);
        expected.put("latencyP50", nearestRank(latencies, 0.5));
        expected.put("latencyP99", nearestRank(latencies, 0.99));
        expected.put("reports", points);
        expected.put("latestAccuracy", labeled.get(labeled.size() - 1).getAccuracy());
        expected.put("newest", Map.of("id", newest.getReviewId(), "text", texts.get(newest.getReviewId())));
        Path file = dir.resolve(name);
        new ObjectMapper().writeValue(file.toFile(), expected);
        return file;
    }

    private static long nearestRank(long[] sorted, double q) {
        return sorted[(int) Math.max(0, Math.ceil(q * sorted.length) - 1)];
    }

    private static <T extends SpecificRecord> List<T> read(String topic, Class<T> type) throws Exception {
        AvroSerde<T> serde = AvroSerde.of(type);
        List<T> records = new ArrayList<>();
        for (var record : TopicReader.readAll(kafka.bootstrapServers(), topic)) {
            records.add(serde.deserialize(record.value()));
        }
        return records;
    }
}
