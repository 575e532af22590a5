package org.sentimentstream.job.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

class WallClockWatermarksTest {
    private long now = 10_000;
    /** The source's input activity clock: stands still while the source is backpressured. */
    private long active = 0;
    private final List<Long> emitted = new ArrayList<>();
    private final WatermarkOutput output = new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark watermark) {
            emitted.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
            throw new AssertionError("never idle: idle outputs drop the end-of-event-time watermark");
        }

        @Override
        public void markActive() {}
    };
    private final WallClockWatermarks<String> generator = new WallClockWatermarks<>(2_000, 5_000, () -> now,
            () -> active);

    @Test
    void followsEventTimeMinusTheBoundWhileRecordsFlow() {
        generator.onEvent("a", 9_000, output);
        generator.onPeriodicEmit(output);
        generator.onEvent("b", 8_000, output); // out of order: no step back
        now = 11_000;
        active = 1_000;
        generator.onEvent("c", 10_500, output);
        generator.onPeriodicEmit(output);
        assertEquals(List.of(6_999L, 8_499L), emitted);
    }

    @Test
    void followsTheWallClockOnceQuietForTheIdleness() {
        generator.onEvent("a", 9_000, output);
        generator.onPeriodicEmit(output);
        now = 14_999;
        active = 4_999;
        generator.onPeriodicEmit(output);
        assertEquals(List.of(6_999L), emitted);
        now = 15_000;
        active = 5_000;
        generator.onPeriodicEmit(output);
        assertEquals(List.of(6_999L, 12_999L), emitted);
    }

    @Test
    void aBackpressuredSourceIsNotQuiet() {
        generator.onEvent("a", 9_000, output);
        generator.onPeriodicEmit(output);
        now = 60_000; // a minute of backpressure: the wall clock moves on, the activity clock does not
        active = 1_000;
        generator.onPeriodicEmit(output);
        assertEquals(List.of(6_999L), emitted);
        generator.onEvent("b", 9_500, output); // the backlog's next record is on time
        generator.onPeriodicEmit(output);
        assertEquals(List.of(6_999L, 7_499L), emitted);
    }

    @Test
    void aPartitionThatNeverHadARecordStillAdvances() {
        generator.onPeriodicEmit(output);
        assertEquals(List.of(), emitted);
        now = 15_000;
        active = 5_000;
        generator.onPeriodicEmit(output);
        assertEquals(List.of(12_999L), emitted);
    }
}
