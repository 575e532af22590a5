package org.sentimentstream.job.window;

import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.sentimentstream.job.BufferingOperator;
import org.sentimentstream.job.join.JoinOutcome;

import java.util.HashMap;
import java.util.Map;

/**
 * Pre-aggregates the join's outcomes on the join's own subtask, per series and window, before they are keyed by
 * series: the windows are keyed by model, so without it every outcome of a model would go to one subtask (two hot
 * keys once a challenger runs); with it each window subtask receives one tally per join subtask, window and series
 * per watermark. Like the batcher, it holds nothing across a checkpoint: the tallies are flushed before each barrier
 * ({@link #prepareSnapshotPreBarrier}), before each watermark (so no outcome falls behind it downstream) and at end
 * of input.
 */
public final class OutcomeTally extends BufferingOperator<JoinOutcome, WindowTally> {
    private static final long serialVersionUID = 1L;

    private final long sizeMs;
    private transient Map<String, Map<Long, WindowCounts>> tallies;

    public OutcomeTally(long sizeMs) {
        this.sizeMs = sizeMs;
    }

    @Override
    public void open() throws Exception {
        super.open();
        tallies = new HashMap<>();
    }

    @Override
    public void processElement(StreamRecord<JoinOutcome> element) {
        JoinOutcome outcome = element.getValue();
        tallies.computeIfAbsent(WindowTally.seriesOf(outcome), key -> new HashMap<>())
                .computeIfAbsent(WindowTally.windowStart(outcome.eventTime(), sizeMs), key -> new WindowCounts())
                .count(outcome);
    }

    @Override
    protected void flush() {
        tallies.forEach((series, windows) -> windows.forEach((start, counts) ->
                output.collect(new StreamRecord<>(new WindowTally(series, start, counts), start + sizeMs - 1))));
        tallies.clear();
    }

    /** Series and windows with counts not yet flushed. */
    int held() {
        return tallies.values().stream().mapToInt(Map::size).sum();
    }
}
