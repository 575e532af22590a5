package org.sentimentstream.job.score;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.sentimentstream.job.batch.ReviewBatch;

/**
 * The scoring step's place in the job: batches in on the first input, model commands (broadcast) on the second,
 * scored batches out. Event time comes from the reviews alone: the models topic is quiet for days, and its watermark
 * must not hold back the windows downstream.
 */
public abstract class ScoringOperator extends AbstractStreamOperator<ScoredBatch>
        implements TwoInputStreamOperator<ReviewBatch, ModelCommandEvent, ScoredBatch> {
    private static final long serialVersionUID = 1L;

    @Override
    public final void processWatermark1(Watermark mark) throws Exception {
        processWatermark(mark);
    }

    @Override
    public final void processWatermark2(Watermark mark) {}
}
