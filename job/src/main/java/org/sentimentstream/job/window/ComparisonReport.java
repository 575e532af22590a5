package org.sentimentstream.job.window;

/**
 * One report on one window of the paired comparison, as published in {@code ModelComparison} (see that schema).
 *
 * @param pValue McNemar's exact two-sided p-value of the discordant counts
 */
public record ComparisonReport(long windowStart, long windowEnd, String championVersion, String challengerVersion,
        long bothRight, long championOnly, long challengerOnly, long bothWrong, double pValue, int revision,
        boolean isFinal) {

    /** Reviews both models predicted and whose label met both predictions. */
    public long paired() {
        return bothRight + championOnly + challengerOnly + bothWrong;
    }
}
