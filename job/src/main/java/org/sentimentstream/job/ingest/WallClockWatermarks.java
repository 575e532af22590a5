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
 * <p>This is used instead of Flink's idleness ({@code withIdleness}), which marks quiet partitions idle: an idle
 * output drops watermarks, including the end-of-event-time watermark of a drain (stop with savepoint), so a
 * drained job would never publish its final accuracy reports.
 */
public final class WallClockWatermarks<T> implements WatermarkGenerator<T> {
    private final long outOfOrdernessMs;
    private final long idlenessMs;
    private final LongSupplier clock;
    private long maxTimestamp = Long.MIN_VALUE;
    private long lastRecordAt;
    private long emitted = Long.MIN_VALUE;

    public WallClockWatermarks(long outOfOrdernessMs, long idlenessMs, LongSupplier clock) {
        this.outOfOrdernessMs = outOfOrdernessMs;
        this.idlenessMs = idlenessMs;
        this.clock = clock;
        this.lastRecordAt = clock.getAsLong();
    }

    @Override
    public void onEvent(T event, long timestamp, WatermarkOutput output) {
        maxTimestamp = Math.max(maxTimestamp, timestamp);
        lastRecordAt = clock.getAsLong();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long now = clock.getAsLong();
        long watermark = maxTimestamp == Long.MIN_VALUE ? Long.MIN_VALUE : maxTimestamp - outOfOrdernessMs - 1;
        if (now - lastRecordAt >= idlenessMs) {
            watermark = Math.max(watermark, now - outOfOrdernessMs - 1);
        }
        if (watermark > emitted) {
            emitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }
}
