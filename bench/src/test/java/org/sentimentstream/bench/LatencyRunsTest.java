package org.sentimentstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

class LatencyRunsTest {
    private static final DeliveryGuarantee ALO = DeliveryGuarantee.AT_LEAST_ONCE;
    private static final DeliveryGuarantee EO = DeliveryGuarantee.EXACTLY_ONCE;

    @TempDir
    Path dir;

    /** A run at 10,000 reviews/s. */
    private static PipelineBench.Latency run(DeliveryGuarantee guarantee, long p50, long p99, long p999,
            long samples) {
        return new PipelineBench.Latency(10_000, guarantee, p50, p99, p999, samples, p50 - 5, p99 - 5, 100);
    }

    /** The report's figures as its JSON file gives them to a reader. */
    private Map<?, ?> figures(BenchReport report) throws Exception {
        Path json = dir.resolve("bench.json");
        report.writeJson(json);
        return new ObjectMapper().readValue(json.toFile(), Map.class);
    }

    @Test
    void everyGuaranteeAtEveryShareInOrderThenTheComparisons() {
        LatencyRuns.Point lz4 = new LatencyRuns.Point(ALO, 0.5, "lz4");
        LatencyRuns runs = new LatencyRuns(List.of(ALO, EO), List.of(0.25, 0.5), List.of(lz4));
        assertEquals(List.of(new LatencyRuns.Point(ALO, 0.25, "none"), new LatencyRuns.Point(ALO, 0.5, "none"),
                new LatencyRuns.Point(EO, 0.25, "none"), new LatencyRuns.Point(EO, 0.5, "none"), lz4),
                List.copyOf(runs.points()));
    }

    @Test
    void aComparisonWithAnotherGeneratorHasKeysAndARowOfItsOwnAndIsNotTheHeadline() throws Exception {
        LatencyRuns.Point lz4 = new LatencyRuns.Point(ALO, 0.5, "lz4");
        LatencyRuns runs = new LatencyRuns(List.of(ALO), List.of(0.25), List.of(lz4));
        runs.add(new LatencyRuns.Point(ALO, 0.25), run(ALO, 20, 60, 80, 100));
        runs.add(lz4, run(ALO, 45, 300, 350, 100));
        BenchReport report = new BenchReport();

        List<List<String>> rows = runs.report(report);

        Map<?, ?> figures = figures(report);
        assertEquals(300, figures.get("latency_alo_50_generator_lz4_p99_ms"));
        assertEquals(List.of(300), figures.get("latency_alo_50_generator_lz4_p99_ms_runs"));
        assertEquals(null, figures.get("latency_alo_50_p99_ms"));
        assertEquals(null, figures.get("latency_p99_ms_at_half_max"));
        assertEquals("at-least-once, generator LZ4", rows.get(1).get(0));
    }

    @Test
    void reportsEachPercentilesMedianOverTheRunsAndEveryRunsP99() throws Exception {
        LatencyRuns runs = new LatencyRuns(List.of(ALO, EO), List.of(0.5), List.of());
        LatencyRuns.Point alo = new LatencyRuns.Point(ALO, 0.5);
        LatencyRuns.Point eo = new LatencyRuns.Point(EO, 0.5);
        runs.add(alo, run(ALO, 40, 645, 700, 100));
        runs.add(eo, run(EO, 900, 1500, 1600, 90));
        runs.add(alo, run(ALO, 30, 70, 90, 120));
        runs.add(eo, run(EO, 800, 1400, 1500, 110));
        runs.add(alo, run(ALO, 35, 120, 130, 110));
        runs.add(eo, run(EO, 850, 1300, 1700, 100));
        BenchReport report = new BenchReport();

        List<List<String>> rows = runs.report(report);

        Map<?, ?> figures = figures(report);
        assertEquals(35, figures.get("latency_alo_50_p50_ms"));
        assertEquals(120, figures.get("latency_alo_50_p99_ms"));
        assertEquals(130, figures.get("latency_alo_50_p999_ms"));
        assertEquals(List.of(645, 70, 120), figures.get("latency_alo_50_p99_ms_runs"));
        assertEquals(120, figures.get("latency_p99_ms_at_half_max"));
        assertEquals(850, figures.get("latency_eo_50_p50_ms"));
        assertEquals(1400, figures.get("latency_eo_50_p99_ms"));
        assertEquals(1600, figures.get("latency_eo_50_p999_ms"));
        assertEquals(List.of(
                List.of("at-least-once", "50% (10,000/s)", "35", "120", "130", "645, 70, 120", "30 / 115", "110"),
                List.of("exactly-once", "50% (10,000/s)", "850", "1400", "1600", "1500, 1400, 1300", "845 / 1395",
                        "100")), rows);
    }

    @Test
    void anEvenNumberOfRunsGivesTheMeanOfTheMiddleTwo() throws Exception {
        LatencyRuns runs = new LatencyRuns(List.of(ALO), List.of(0.25), List.of());
        LatencyRuns.Point point = new LatencyRuns.Point(ALO, 0.25);
        runs.add(point, run(ALO, 20, 60, 80, 100));
        runs.add(point, run(ALO, 30, 91, 100, 100));
        BenchReport report = new BenchReport();

        runs.report(report);

        Map<?, ?> figures = figures(report);
        assertEquals(25, figures.get("latency_alo_25_p50_ms"));
        assertEquals(76, figures.get("latency_alo_25_p99_ms")); // 75.5 rounded
        assertEquals(null, figures.get("latency_p99_ms_at_half_max"));
    }
}
