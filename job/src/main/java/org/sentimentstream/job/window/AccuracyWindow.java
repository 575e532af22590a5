package org.sentimentstream.job.window;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.sentimentstream.job.join.JoinOutcome;
import org.sentimentstream.model.BinaryMetrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tumbling event-time windows of accuracy, per model version (the key). A window reports when the watermark
 * passes its end (revision 0), again on the next watermark after late labels change it (revision 1, 2, ...), and a
 * last time, {@code final}, when the watermark passes its end + {@code maxDelayMs}: by then {@link
 * org.sentimentstream.job.join.LabelJoin} has matched, expired or dropped everything of the window. The window's
 * state is then removed. Each report also updates its model version's {@link AccuracyGauges}.
 */
public final class AccuracyWindow extends KeyedProcessFunction<String, JoinOutcome, WindowReport> {
    private static final long serialVersionUID = 1L;

    private final long sizeMs;
    private final long maxDelayMs;
    private transient MapState<Long, WindowCounts> windows;
    private transient Counter tooLate;
    private transient Map<String, AccuracyGauges> gauges;

    public AccuracyWindow(long sizeMs, long maxDelayMs) {
        this.sizeMs = sizeMs;
        this.maxDelayMs = maxDelayMs;
    }

    @Override
    public void open(OpenContext context) {
        windows = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("windows", Long.class, WindowCounts.class));
        var metrics = getRuntimeContext().getMetricGroup().addGroup("accuracy");
        tooLate = metrics.counter("outcomes_after_final");
        gauges = new HashMap<>();
    }

    @Override
    public void processElement(JoinOutcome outcome, Context ctx, Collector<WindowReport> out) throws Exception {
        long start = outcome.eventTime() - Math.floorMod(outcome.eventTime(), sizeMs);
        long end = start + sizeMs;
        long watermark = ctx.timerService().currentWatermark();
        if (watermark >= finalTime(end)) {
            tooLate.inc();
            return;
        }
        WindowCounts counts = windows.get(start);
        if (counts == null) {
            counts = new WindowCounts();
            ctx.timerService().registerEventTimeTimer(end - 1);
            ctx.timerService().registerEventTimeTimer(finalTime(end));
        }
        add(counts, outcome);
        if (counts.fired) {
            counts.dirty = true;
            ctx.timerService().registerEventTimeTimer(watermark + 1);
        }
        windows.put(start, counts);
    }

    private long finalTime(long end) {
        return end - 1 + maxDelayMs;
    }

    private static void add(WindowCounts counts, JoinOutcome outcome) {
        switch (outcome.kind()) {
            case MATCHED -> {
                if (outcome.predictedPositive()) {
                    if (outcome.actualPositive()) {
                        counts.tp++;
                    } else {
                        counts.fp++;
                    }
                } else if (outcome.actualPositive()) {
                    counts.fn++;
                } else {
                    counts.tn++;
                }
                counts.logLossSum += BinaryMetrics.logLoss(outcome.logit(), outcome.actualPositive() ? 1 : 0);
            }
            case EXPIRED -> counts.expiredUnlabeled++;
            case LABEL_DROPPED -> counts.lateLabelsDropped++;
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WindowReport> out) throws Exception {
        List<Long> finished = new ArrayList<>();
        for (Map.Entry<Long, WindowCounts> entry : windows.entries()) {
            long start = entry.getKey();
            long end = start + sizeMs;
            WindowCounts counts = entry.getValue();
            if (timestamp >= finalTime(end)) {
                out.collect(report(ctx.getCurrentKey(), start, counts, true));
                finished.add(start);
            } else if (timestamp >= end - 1 && (!counts.fired || counts.dirty)) {
                out.collect(report(ctx.getCurrentKey(), start, counts, false));
                counts.fired = true;
                counts.dirty = false;
                windows.put(start, counts);
            }
        }
        for (Long start : finished) {
            windows.remove(start);
        }
    }

    private WindowReport report(String modelVersion, long start, WindowCounts counts, boolean isFinal) {
        long labeled = counts.tp + counts.fp + counts.tn + counts.fn;
        BinaryMetrics metrics = new BinaryMetrics(counts.tp, counts.fp, counts.tn, counts.fn,
                labeled == 0 ? 0 : counts.logLossSum / labeled, Double.NaN);
        WindowReport report = new WindowReport(start, start + sizeMs, modelVersion, metrics, counts.nextRevision++,
                isFinal, counts.lateLabelsDropped, counts.expiredUnlabeled);
        gauges.computeIfAbsent(modelVersion, version -> new AccuracyGauges(
                getRuntimeContext().getMetricGroup().addGroup("model_version", version))).report(report);
        return report;
    }
}
