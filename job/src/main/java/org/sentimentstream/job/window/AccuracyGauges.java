package org.sentimentstream.job.window;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The metrics of one model's accuracy windows in one role, in a group with the variables {@code model_version} and
 * {@code role} (Prometheus labels): the latest report that had labeled reviews (its accuracy, revision and labeled
 * count), the latest final one, and a count of reports and of revisions (reports after the first of a window).
 */
final class AccuracyGauges {
    private volatile double accuracy = Double.NaN;
    private volatile int revision;
    private volatile long labeled;
    private volatile double finalAccuracy = Double.NaN;
    private final Counter reports;
    private final Counter revisions;

    AccuracyGauges(MetricGroup group) {
        group.gauge("window_accuracy", () -> accuracy);
        group.gauge("window_revision", () -> revision);
        group.gauge("window_labeled", () -> labeled);
        group.gauge("final_window_accuracy", () -> finalAccuracy);
        reports = group.counter("window_reports");
        revisions = group.counter("window_revisions");
    }

    void report(WindowReport report) {
        reports.inc();
        if (report.revision() > 0) {
            revisions.inc();
        }
        long count = report.metrics().count();
        if (count > 0) {
            accuracy = report.metrics().accuracy();
            revision = report.revision();
            labeled = count;
            if (report.isFinal()) {
                finalAccuracy = accuracy;
            }
        }
    }
}
