package org.sentimentstream.job.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sentimentstream.job.ingest.ReviewEvent;

import java.util.ArrayList;
import java.util.List;

class ReviewBatcherTest {
    private ReviewBatcher batcher;
    private OneInputStreamOperatorTestHarness<ReviewEvent, ReviewBatch> harness;

    @BeforeEach
    void open() throws Exception {
        batcher = new ReviewBatcher(3, 20);
        harness = new OneInputStreamOperatorTestHarness<>(batcher);
        harness.setProcessingTime(1000);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static ReviewEvent review(int i) {
        return new ReviewEvent("r" + i, "text " + i, i, false);
    }

    private void push(int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            harness.processElement(review(i), i);
        }
    }

    private List<List<String>> batches() {
        List<List<String>> ids = new ArrayList<>();
        for (ReviewBatch batch : harness.extractOutputValues()) {
            ids.add(batch.reviews().stream().map(ReviewEvent::reviewId).toList());
        }
        return ids;
    }

    @Test
    void closesABatchAtMaxSize() throws Exception {
        push(0, 7);
        assertEquals(List.of(List.of("r0", "r1", "r2"), List.of("r3", "r4", "r5")), batches());
        assertEquals(1, batcher.buffered());
    }

    @Test
    void closesABatchWhenTheOldestHasWaitedMaxWait() throws Exception {
        push(0, 1);
        harness.setProcessingTime(1010);
        push(1, 2);
        harness.setProcessingTime(1019);
        assertEquals(List.of(), batches());
        harness.setProcessingTime(1020);
        assertEquals(List.of(List.of("r0", "r1")), batches());
        assertEquals(0, batcher.buffered());
        // a new batch starts its own clock
        harness.setProcessingTime(1030);
        push(2, 3);
        harness.setProcessingTime(1049);
        assertEquals(1, batches().size());
        harness.setProcessingTime(1050);
        assertEquals(List.of(List.of("r0", "r1"), List.of("r2")), batches());
    }

    @Test
    void flushesBeforeForwardingAWatermark() throws Exception {
        push(0, 2);
        harness.processWatermark(new Watermark(100));
        List<Object> output = new ArrayList<>(harness.getOutput());
        assertEquals(2, output.size());
        assertEquals(List.of("r0", "r1"), ((ReviewBatch) ((StreamRecord<?>) output.get(0)).getValue()).reviews()
                .stream().map(ReviewEvent::reviewId).toList());
        assertInstanceOf(Watermark.class, output.get(1));
    }

    @Test
    void flushesBeforeACheckpointBarrierSoNothingWaitsInState() throws Exception {
        push(0, 2);
        harness.prepareSnapshotPreBarrier(1);
        var snapshot = harness.snapshot(1, 1);
        assertEquals(List.of(List.of("r0", "r1")), batches());
        assertEquals(0, batcher.buffered());

        // a restore from that checkpoint starts empty: the two reviews went out before the barrier
        ReviewBatcher restored = new ReviewBatcher(3, 20);
        try (var again = new OneInputStreamOperatorTestHarness<ReviewEvent, ReviewBatch>(restored)) {
            again.initializeState(snapshot);
            again.open();
            assertEquals(0, restored.buffered());
            again.processElement(review(9), 9);
            restored.finish();
            assertEquals(List.of("r9"), again.extractOutputValues().get(0).reviews().stream()
                    .map(ReviewEvent::reviewId).toList());
        }
    }

    @Test
    void flushesAtEndOfInput() throws Exception {
        push(0, 2);
        batcher.finish();
        assertEquals(List.of(List.of("r0", "r1")), batches());
    }
}
