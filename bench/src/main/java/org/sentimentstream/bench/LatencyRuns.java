package org.sentimentstream.bench;

import org.apache.flink.connector.base.DeliveryGuarantee;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * The bench's latency runs, grouped by guarantee and share of the maximum rate, and what the report shows of them:
 * per group the median of each percentile over its runs, and every run's p99.
 */
final class LatencyRuns {
    /**
     * The load generator's producer compression in the latency runs: none. The generator, the broker and the job
     * share the machine's cores, all busy at half the job's maximum; without compression the generator and the
     * broker spend less CPU per review and the job's consumer decompresses nothing. The bench measures the replay's
     * own LZ4 beside it ({@link Bench#LATENCY_COMPARISONS}).
     */
    static final String GENERATOR_COMPRESSION = "none";

    /**
     * A guarantee at a share of the maximum rate, the load generator compressing with {@code generatorCompression}:
     * one row of the latency table.
     */
    record Point(DeliveryGuarantee guarantee, double share, String generatorCompression) {
        Point(DeliveryGuarantee guarantee, double share) {
            this(guarantee, share, GENERATOR_COMPRESSION);
        }

        private boolean otherGenerator() {
            return !generatorCompression.equals(GENERATOR_COMPRESSION);
        }

        String name() {
            return (guarantee == DeliveryGuarantee.EXACTLY_ONCE ? "exactly-once" : "at-least-once")
                    + (otherGenerator() ? ", generator " + generatorCompression.toUpperCase(Locale.ROOT) : "");
        }

        /** The prefix of this point's JSON keys, e.g. {@code latency_alo_50}, {@code latency_alo_50_generator_lz4}. */
        String key() {
            return "latency_" + (guarantee == DeliveryGuarantee.EXACTLY_ONCE ? "eo" : "alo") + "_"
                    + Math.round(share * 100) + (otherGenerator() ? "_generator_" + generatorCompression : "");
        }

        boolean isHeadline() {
            return guarantee == DeliveryGuarantee.AT_LEAST_ONCE && share == 0.50 && !otherGenerator();
        }
    }

    private final Map<Point, List<PipelineBench.Latency>> runs = new LinkedHashMap<>();

    /** Every guarantee at every share, in that order, then {@code comparisons}. */
    LatencyRuns(List<DeliveryGuarantee> guarantees, List<Double> shares, List<Point> comparisons) {
        for (DeliveryGuarantee guarantee : guarantees) {
            for (double share : shares) {
                runs.put(new Point(guarantee, share), new ArrayList<>());
            }
        }
        for (Point point : comparisons) {
            runs.put(point, new ArrayList<>());
        }
    }

    Set<Point> points() {
        return runs.keySet();
    }

    void add(Point point, PipelineBench.Latency run) {
        runs.get(point).add(run);
    }

    /**
     * Puts each point's median p50/p99/p99.9 ({@code <key>_p50_ms}, ...), its runs' p99s ({@code <key>_p99_ms_runs})
     * and, for at-least-once at 50% with the default generator, {@code latency_p99_ms_at_half_max} into the report;
     * returns the table rows.
     */
    List<List<String>> report(BenchReport report) {
        List<List<String>> rows = new ArrayList<>();
        runs.forEach((point, of) -> {
            long p50 = median(of, PipelineBench.Latency::p50);
            long p99 = median(of, PipelineBench.Latency::p99);
            long p999 = median(of, PipelineBench.Latency::p999);
            report.put(point.key() + "_p50_ms", p50);
            report.put(point.key() + "_p99_ms", p99);
            report.put(point.key() + "_p999_ms", p999);
            report.put(point.key() + "_p99_ms_runs", of.stream().map(PipelineBench.Latency::p99).toList());
            if (point.isHeadline()) {
                report.put("latency_p99_ms_at_half_max", p99);
            }
            String rate = String.format(Locale.ROOT, "%.0f%% (%,.0f/s)", 100 * point.share(), of.get(0).ratePerS());
            rows.add(List.of(point.name(), rate, String.valueOf(p50), String.valueOf(p99), String.valueOf(p999),
                    of.stream().map(run -> String.valueOf(run.p99())).collect(Collectors.joining(", ")),
                    median(of, PipelineBench.Latency::scoredP50) + " / " + median(of, PipelineBench.Latency::scoredP99),
                    String.format(Locale.ROOT, "%,d", median(of, PipelineBench.Latency::samples))));
        });
        return rows;
    }

    private static long median(List<PipelineBench.Latency> runs, ToLongFunction<PipelineBench.Latency> figure) {
        return Math.round(Median.of(runs.stream().mapToDouble(figure::applyAsLong).toArray()));
    }
}
