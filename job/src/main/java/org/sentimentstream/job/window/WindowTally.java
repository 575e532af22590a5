package org.sentimentstream.job.window;

import org.sentimentstream.job.join.JoinOutcome;

/**
 * One join subtask's counts of one window of one series since its last flush, combined by {@link AccuracyWindow}.
 *
 * @param series the {@link WindowSeries} key
 * @param windowStart start of the window, epoch milliseconds
 * @param counts the partial counts (revision and firing fields unused)
 */
public record WindowTally(String series, long windowStart, WindowCounts counts) {

    /** The tally of one outcome alone, in windows of {@code sizeMs}. */
    public static WindowTally of(JoinOutcome outcome, long sizeMs) {
        WindowCounts counts = new WindowCounts();
        counts.count(outcome);
        return new WindowTally(seriesOf(outcome), windowStart(outcome.eventTime(), sizeMs), counts);
    }

    /** The series an outcome counts in: its model's accuracy in its role, or the comparison of a pair. */
    static String seriesOf(JoinOutcome outcome) {
        return outcome.kind() == JoinOutcome.Kind.PAIRED
                ? WindowSeries.comparisonKey(outcome.modelVersion(), outcome.challengerVersion())
                : WindowSeries.accuracyKey(outcome.modelVersion(), outcome.role());
    }

    /** The start of the tumbling window of {@code sizeMs} that {@code eventTime} falls in. */
    static long windowStart(long eventTime, long sizeMs) {
        return eventTime - Math.floorMod(eventTime, sizeMs);
    }
}
