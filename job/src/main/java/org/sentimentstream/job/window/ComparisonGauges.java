package org.sentimentstream.job.window;

import org.apache.flink.metrics.MetricGroup;

/**
 * The metrics of one champion-challenger pair's comparison windows, in a group with the variables
 * {@code champion_version} and {@code challenger_version} (Prometheus labels): the latest report's paired counts and
 * McNemar p-value, whatever its revision, and the latest final report's.
 */
final class ComparisonGauges {
    private volatile ComparisonReport latest;
    private volatile ComparisonReport latestFinal;

    ComparisonGauges(MetricGroup group) {
        group.gauge("paired_both_right", () -> latest == null ? 0 : latest.bothRight());
        group.gauge("paired_champion_only", () -> latest == null ? 0 : latest.championOnly());
        group.gauge("paired_challenger_only", () -> latest == null ? 0 : latest.challengerOnly());
        group.gauge("paired_both_wrong", () -> latest == null ? 0 : latest.bothWrong());
        group.gauge("mcnemar_p", () -> latest == null ? Double.NaN : latest.pValue());
        group.gauge("final_mcnemar_p", () -> latestFinal == null ? Double.NaN : latestFinal.pValue());
        group.gauge("final_challenger_advantage", () -> latestFinal == null ? 0
                : latestFinal.challengerOnly() - latestFinal.championOnly());
    }

    void report(ComparisonReport report) {
        if (report.paired() > 0) {
            latest = report;
            if (report.isFinal()) {
                latestFinal = report;
            }
        }
    }
}
