package org.sentimentstream.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentimentstream.job.kafka.ModelCommands;
import org.sentimentstream.job.score.ModelDescriptor;
import org.sentimentstream.job.testutils.GrafanaDashboard;
import org.sentimentstream.job.testutils.PipelineRun;
import org.sentimentstream.job.testutils.PrometheusServer;
import org.sentimentstream.job.testutils.TestModel;
import org.sentimentstream.local.EmbeddedKafkaBroker;
import org.sentimentstream.local.FreePort;
import org.sentimentstream.local.LocalFlinkCluster;
import org.sentimentstream.local.PrometheusExport;
import org.sentimentstream.model.ModelFiles;
import org.sentimentstream.model.ModelMetadata;
import org.sentimentstream.replay.ImdbReplay;
import org.sentimentstream.replay.ReplaySettings;
import org.sentimentstream.schemas.AccuracyReport;
import org.sentimentstream.schemas.ModelComparison;
import org.sentimentstream.schemas.ModelRole;
import org.sentimentstream.schemas.Sentiment;
import org.sentimentstream.trainer.imdb.ImdbDataset;
import org.sentimentstream.trainer.testutils.RealImdb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The job's metrics as Prometheus sees them: the job runs on a MiniCluster with Flink's Prometheus reporter and a
 * challenger in shadow, a real Prometheus server scrapes it every second, and its HTTP API must give back what the
 * output topics hold; every query of the Grafana dashboard, the comparison's included, names scraped metrics only.
 */
class PrometheusMetricsITCase {
    private static final int REVIEWS = 600;
    private static final int NOT_AVRO = 3;
    private static final String OP = "flink_taskmanager_job_task_operator_";

    @TempDir
    static Path dir;

    private static PrometheusServer prometheus;
    private static EmbeddedKafkaBroker kafka;
    private static LocalFlinkCluster flink;
    private static JobID job;
    private static String modelVersion;
    private static PipelineRun.Outputs outputs;

    @BeforeAll
    static void runTheJobUnderPrometheus() throws Exception {
        ImdbDataset imdb = RealImdb.dataset();
        Path modelDir = TestModel.directory(imdb);
        modelVersion = ModelMetadata.read(modelDir).modelVersion();
        kafka = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
        JobConfig.Builder b = PipelineRun.namespaced(kafka, modelDir, "metrics");
        b.window = Duration.ofSeconds(2);
        b.labelsMaxDelay = Duration.ofSeconds(2);
        b.idleness = Duration.ofSeconds(1);
        JobConfig config = b.build();
        PipelineRun.createTopics(kafka, config);
        // the reporter's port is chosen just before Prometheus and Flink start: a port chosen at class load had to
        // stay free through the broker's start and its clients' sockets, and once all four tests saw no series at
        // all while the same test alone passed
        int reporterPort = FreePort.onLoopback();
        prometheus = PrometheusServer.start(dir.resolve("prometheus"), "127.0.0.1:" + reporterPort);
        flink = LocalFlinkCluster.start(config.parallelism(), PrometheusExport.reporter(String.valueOf(reporterPort)));
        job = flink.submit(PipelineRun.environment(config), "sentiment-metrics-it");
        flink.awaitRunning(job, Duration.ofMinutes(2));
        // a challenger in shadow from the first review, so the comparison's series exist too
        Path challenger = TestModel.challenger(imdb);
        new ModelCommands(kafka.bootstrapServers(), new Properties(), config.modelsTopic()).issue(
                new ModelDescriptor(ModelMetadata.read(challenger).modelVersion(), challenger.toString(),
                        ModelFiles.sha256(challenger), ModelRole.CHALLENGER).toCommand(Instant.now()),
                Duration.ofSeconds(15));
        long loaded = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (flink.metricSum(job, "model_switches").orElse(0) < config.parallelism()) {
            assertTrue(System.nanoTime() < loaded, "the challenger did not switch in within 2 minutes");
            TimeUnit.MILLISECONDS.sleep(100);
        }
        // Prometheus has scraped the running job before the first review: the dashboard's rates need a sample from
        // before the stream (600 reviews can pass between two scrapes)
        awaitValue("sum(" + OP + "reviews_scored)", 0);

        new ImdbReplay(new ReplaySettings(kafka.bootstrapServers(), config.reviewsTopic(), config.labelsTopic(), 0,
                Duration.ofMillis(100), Duration.ZERO, 3, REVIEWS, new Properties()), false).run(imdb.test());
        try (KafkaProducer<byte[], byte[]> producer = PipelineRun.producer(kafka)) {
            for (int i = 0; i < NOT_AVRO; i++) {
                producer.send(new ProducerRecord<>(config.reviewsTopic(),
                        ("junk-" + i).getBytes(StandardCharsets.UTF_8), "not avro".getBytes(StandardCharsets.UTF_8)));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        do {
            TimeUnit.MILLISECONDS.sleep(500);
            outputs = PipelineRun.read(config);
            if (System.nanoTime() > deadline) {
                throw new AssertionError("final reports for " + REVIEWS + " labeled reviews not out in 90 s: "
                        + outputs.finalSum(AccuracyReport::getCount));
            }
        } while (outputs.finalSum(AccuracyReport::getCount) < 2 * REVIEWS || pairedInFinals() < REVIEWS
                || outputs.deadLetters().size() < NOT_AVRO);
    }

    private static long pairedInFinals() {
        return outputs.comparisons().stream().filter(ModelComparison::getFinal$)
                .mapToLong(c -> c.getBothRight() + c.getChampionOnly() + c.getChallengerOnly() + c.getBothWrong())
                .sum();
    }

    @AfterAll
    static void stop() throws Exception {
        if (flink != null) {
            flink.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void throughputCountsEveryReviewReadAndScored() throws Exception {
        assertEquals(REVIEWS, outputs.sentiment().size());
        long positive = outputs.sentiment().stream().filter(e -> e.getLabel() == Sentiment.POSITIVE).count();
        awaitValue("sum(" + OP + "reviews_scored)", REVIEWS);
        awaitValue("sum(" + OP + "reviews_positive)", positive);
        awaitValue("sum(" + OP + "numRecordsIn{operator_name=\"decode_reviews\"})", REVIEWS + NOT_AVRO);
        awaitValue("sum(" + OP + "numRecordsOut{operator_name=\"unbatch\"})", REVIEWS);
    }

    @Test
    void accuracyGaugesEqualTheAccuracyTopic() throws Exception {
        List<AccuracyReport> reports = outputs.reports().stream()
                .filter(r -> r.getModelVersion().equals(modelVersion)).toList();
        List<AccuracyReport> labeled = reports.stream().filter(r -> r.getCount() > 0).toList();
        List<AccuracyReport> finals = labeled.stream().filter(AccuracyReport::getFinal$).toList();
        AccuracyReport last = labeled.get(labeled.size() - 1);
        String model = "{model_version=\"" + modelVersion + "\",role=\"champion\"}";
        awaitValue(OP + "model_version_role_window_reports" + model, reports.size());
        assertEquals(reports.stream().filter(r -> r.getRevision() > 0).count(),
                prometheus.value(OP + "model_version_role_window_revisions" + model));
        double finalAccuracy = prometheus.value(OP + "model_version_role_final_window_accuracy" + model);
        assertTrue(finalAccuracy >= 0 && finalAccuracy <= 1, "accuracy " + finalAccuracy);
        assertEquals(finals.get(finals.size() - 1).getAccuracy(), finalAccuracy, 1e-12);
        assertEquals(last.getAccuracy(), prometheus.value(OP + "model_version_role_window_accuracy" + model), 1e-12);
        assertEquals(last.getRevision(), prometheus.value(OP + "model_version_role_window_revision" + model));
        assertEquals(last.getCount(), prometheus.value(OP + "model_version_role_window_labeled" + model));
    }

    @Test
    void batchLatencyLabelAndDeadLetterSeriesAreSane() throws Exception {
        double batches = prometheus.value("sum(" + OP + "numRecordsOut{operator_name=\"batch_reviews\"})");
        assertTrue(batches >= REVIEWS / 64.0 && batches <= REVIEWS, "batches " + batches);
        awaitValue("sum(" + OP + "batch_size_count)", batches);
        awaitValue("sum(" + OP + "inference_ms_count)", batches);
        awaitValue("sum(" + OP + "end_to_end_ms_count)", batches);
        assertTrue(prometheus.value("max(" + OP + "batch_size{quantile=\"0.999\"})") <= 64);
        assertTrue(prometheus.value("min(" + OP + "batch_size{quantile=\"0.5\"})") >= 1);
        double endToEnd = prometheus.value("max(" + OP + "end_to_end_ms{quantile=\"0.99\"})");
        assertTrue(endToEnd >= 0 && endToEnd < 60_000, "end to end p99 " + endToEnd + " ms");
        double inference = prometheus.value("max(" + OP + "inference_ms{quantile=\"0.5\"})");
        assertTrue(inference >= 0 && inference < 60_000, "inference p50 " + inference + " ms");
        assertEquals(2, prometheus.value("count(" + OP + "model_load_ms > 0)"), "one model per scoring subtask");

        awaitValue("sum(" + OP + "labels_matched)", 2 * REVIEWS); // the champion's and the challenger's
        awaitValue("sum(" + OP + "labels_paired)", REVIEWS);
        assertEquals(0, prometheus.value("sum(" + OP + "labels_pending_predictions)"));
        awaitValue("sum(" + OP + "dead_letters_reason_count{reason=\"not_avro\"})", NOT_AVRO);
        assertEquals(NOT_AVRO, prometheus.value("sum(" + OP + "dead_letters_reason_count)"));
    }

    @Test
    void grafanaDashboardQueriesOnlyScrapedMetricsAndEachGivesData() throws Exception {
        awaitValue("sum(" + OP + "reviews_scored)", REVIEWS);
        JsonNode dashboard = GrafanaDashboard.read(Path.of(System.getProperty("grafana.dashboard")));
        assertEquals("prometheus", dashboard.path("templating").path("list").get(0).path("query").asText());
        Set<String> scraped = prometheus.metricNames();
        List<GrafanaDashboard.Query> queries = GrafanaDashboard.queries(dashboard);
        assertTrue(queries.size() >= 11, "queries: " + queries.size());
        for (GrafanaDashboard.Query query : queries) {
            assertEquals("${datasource}", query.datasourceUid(), query.panel());
            assertFalse(query.metricNames().isEmpty(), query.panel() + ": " + query.expr());
            for (String name : query.metricNames()) {
                assertTrue(scraped.contains(name), query.panel() + ": " + name + " is not exported by the job");
            }
            JsonNode result = prometheus.query(query.resolved());
            assertFalse(result.isEmpty(), query.panel() + ": no data for " + query.resolved());
            for (JsonNode series : result) {
                double value = Double.parseDouble(series.path("value").get(1).asText());
                assertTrue(Double.isFinite(value) && value >= 0, query.panel() + ": " + series);
            }
        }
    }

    /** Polls until {@code promql} gives {@code expected}; Prometheus scrapes every second. */
    private static void awaitValue(String promql, double expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        double value;
        while ((value = prometheus.value(promql)) != expected) {
            if (System.nanoTime() > deadline) {
                assertEquals(expected, value, promql);
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }
}
