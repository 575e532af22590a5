package org.sentimentstream.job.restarts;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Tells a restart loop (the same cause again and again) from failures that merely happen: failures with the same
 * {@link FailureCause#signature() signature}, each within {@code maxGap} of the one before, make a run; a run is
 * called out when it reaches {@code threshold} failures, and again each time it doubles, so a long loop stays
 * visible without a line per restart.
 */
public final class RestartLoop {
    /** Failures in a row with one cause that make a loop. */
    public static final int DEFAULT_THRESHOLD = 3;
    /** A failure later than this after the previous one starts a new run: the job had been running fine. */
    public static final Duration DEFAULT_MAX_GAP = Duration.ofMinutes(10);

    private final int threshold;
    private final Duration maxGap;
    private String signature;
    private Instant since;
    private Instant last;
    private int times;
    private int nextCallOut;

    public RestartLoop(int threshold, Duration maxGap) {
        if (threshold < 2) {
            throw new IllegalArgumentException("a loop takes at least 2 failures, not " + threshold);
        }
        this.threshold = threshold;
        this.maxGap = maxGap;
    }

    /** A loop to call out: {@code times} failures in a row with {@code cause}, the first at {@code since}. */
    public record Loop(String cause, int times, Instant since) {}

    /** Counts a failure that happened {@code at}; returns the loop when this failure is one to call it out at. */
    public Optional<Loop> record(String cause, Instant at) {
        if (!cause.equals(signature) || Duration.between(last, at).compareTo(maxGap) > 0) {
            signature = cause;
            since = at;
            times = 0;
            nextCallOut = threshold;
        }
        times++;
        last = at;
        if (times < nextCallOut) {
            return Optional.empty();
        }
        nextCallOut *= 2;
        return Optional.of(new Loop(signature, times, since));
    }
}
