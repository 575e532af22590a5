package org.sentimentstream.job.batch;

import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.sentimentstream.job.BufferingOperator;
import org.sentimentstream.job.ingest.ReviewEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups reviews into batches that close at {@code maxSize} reviews or when the oldest has waited {@code maxWaitMs}
 * (processing time), whichever comes first.
 *
 * <p>The buffer is never part of a checkpoint: it is flushed before each checkpoint barrier
 * ({@link #prepareSnapshotPreBarrier}), so every review before a barrier is in a batch after it and a restore
 * replays exactly the reviews that were not yet in a completed checkpoint. It is also flushed before each
 * watermark, so no review falls behind the watermark downstream, and at end of input.
 */
public final class ReviewBatcher extends BufferingOperator<ReviewEvent, ReviewBatch> {
    private static final long serialVersionUID = 1L;

    private final int maxSize;
    private final long maxWaitMs;
    private transient List<ReviewEvent> buffer;
    private transient long oldestArrival;
    private transient boolean timerPending;
    private transient Histogram batchSizes;

    public ReviewBatcher(int maxSize, long maxWaitMs) {
        if (maxSize < 1 || maxWaitMs < 0) {
            throw new IllegalArgumentException("batch.size must be >= 1 and batch.max-wait >= 0");
        }
        this.maxSize = maxSize;
        this.maxWaitMs = maxWaitMs;
    }

    @Override
    public void open() throws Exception {
        super.open();
        buffer = new ArrayList<>(maxSize);
        batchSizes = getMetricGroup().histogram("batch_size", new DescriptiveStatisticsHistogram(1000));
    }

    @Override
    public void processElement(StreamRecord<ReviewEvent> element) {
        if (buffer.isEmpty()) {
            oldestArrival = getProcessingTimeService().getCurrentProcessingTime();
            scheduleAt(oldestArrival + maxWaitMs);
        }
        buffer.add(element.getValue());
        if (buffer.size() >= maxSize) {
            flush();
        }
    }

    private void scheduleAt(long time) {
        if (!timerPending) {
            timerPending = true;
            getProcessingTimeService().registerTimer(time, this::onTimer);
        }
    }

    private void onTimer(long time) {
        timerPending = false;
        if (buffer.isEmpty()) {
            return;
        }
        if (time - oldestArrival >= maxWaitMs) {
            flush();
        } else {
            scheduleAt(oldestArrival + maxWaitMs);
        }
    }

    @Override
    protected void flush() {
        if (buffer.isEmpty()) {
            return;
        }
        batchSizes.update(buffer.size());
        output.collect(new StreamRecord<>(new ReviewBatch(List.copyOf(buffer))));
        buffer.clear();
    }

    /** Reviews waiting for their batch; zero after every flush. */
    int buffered() {
        return buffer.size();
    }
}
