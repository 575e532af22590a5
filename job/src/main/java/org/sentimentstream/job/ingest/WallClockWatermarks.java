package org.sentimentstream.job.ingest;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

import java.util.function.LongSupplier;

/**
 * Bounded out-of-orderness watermarks (the largest event time seen, minus the bound), and for a partition that
 * has had no record for {@code idlenessMs}: the wall clock minus the bound. Our producers stamp reviews and labels
 * with the time they publish them, so a quiet partition's next record cannot be older than that; following the
 * clock lets windows close and predictions expire while the stream is quiet.
 *
 * <p>Quiet is timed by the source's input activity clock, which Flink stops while the source is backpressured or
 * otherwise not reading: a backlog behind a slow job is not a quiet partition, and timing it by the wall clock
 * would have jumped the watermark past the backlog and made its records late.
 *
 * <p>This is used instead of Flink's idleness ({@code withIdleness}), which marks quiet partitions idle: an idle
 * output drops watermarks, including the end-of-event-time watermark of a drain (stop with savepoint), so a
 * drained job would never publish its final accuracy reports.
 */
public final class WallClockWatermarks<T> implements WatermarkGenerator<T> {
    private final long outOfOrdernessMs;
    private final long idlenessMs;
    private final LongSupplier wallClock;
    private final LongSupplier activityClock;
    private long maxTimestamp = Long.MIN_VALUE;
    private long lastRecordAt;
    private long emitted = Long.MIN_VALUE;

    /**
     * @param wallClock epoch milliseconds, what the watermark follows once quiet
     * @param activityClock milliseconds that pass only while the source is reading (Flink's input activity clock),
     *     what quiet is timed by
     */
    public WallClockWatermarks(long outOfOrdernessMs, long idlenessMs, LongSupplier wallClock,
            LongSupplier activityClock) {
        this.outOfOrdernessMs = outOfOrdernessMs;
        this.idlenessMs = idlenessMs;
        this.wallClock = wallClock;
        this.activityClock = activityClock;
        this.lastRecordAt = activityClock.getAsLong();
    }

    @Override
    public void onEvent(T event, long timestamp, WatermarkOutput output) {
        maxTimestamp = Math.max(maxTimestamp, timestamp);
        lastRecordAt = activityClock.getAsLong();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long watermark = maxTimestamp == Long.MIN_VALUE ? Long.MIN_VALUE : maxTimestamp - outOfOrdernessMs - 1;
        if (activityClock.getAsLong() - lastRecordAt >= idlenessMs) {
            watermark = Math.max(watermark, wallClock.getAsLong() - outOfOrdernessMs - 1);
        }
        if (watermark > emitted) {
            emitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }
}
