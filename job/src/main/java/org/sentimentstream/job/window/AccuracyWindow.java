package org.sentimentstream.job.window;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.sentimentstream.model.BinaryMetrics;
import org.sentimentstream.model.McNemar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tumbling event-time windows per {@link WindowSeries} (the key): the accuracy of each model in each role, and the
 * paired comparison of champion and challenger, combined from the join subtasks' {@link WindowTally}s. A window
 * reports when the watermark passes its end (revision 0), again on the next watermark after late labels change it
 * (revision 1, 2, ...), and a last time, {@code final}, when the watermark passes its end + {@code maxDelayMs}: by
 * then {@link org.sentimentstream.job.join.LabelJoin} has matched, expired or dropped everything of the window. The
 * window's state is then removed. Accuracy reports are the main output and update their series'
 * {@link AccuracyGauges}; comparison reports go to {@link #COMPARISONS} and update {@link ComparisonGauges}.
 */
public final class AccuracyWindow extends KeyedProcessFunction<String, WindowTally, WindowReport> {
    private static final long serialVersionUID = 1L;

    /** The side output of the paired comparison's reports. */
    public static final OutputTag<ComparisonReport> COMPARISONS = new OutputTag<>("comparisons") {};

    private final long sizeMs;
    private final long maxDelayMs;
    private transient MapState<Long, WindowCounts> windows;
    private transient Counter tooLate;
    private transient Map<String, AccuracyGauges> gauges;
    private transient Map<String, ComparisonGauges> comparisonGauges;

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
        comparisonGauges = new HashMap<>();
    }

    @Override
    public void processElement(WindowTally tally, Context ctx, Collector<WindowReport> out) throws Exception {
        long start = tally.windowStart();
        long end = start + sizeMs;
        long watermark = ctx.timerService().currentWatermark();
        if (watermark >= finalTime(end)) {
            tooLate.inc(tally.counts().outcomes());
            return;
        }
        WindowCounts counts = windows.get(start);
        if (counts == null) {
            counts = new WindowCounts();
            ctx.timerService().registerEventTimeTimer(end - 1);
            ctx.timerService().registerEventTimeTimer(finalTime(end));
        }
        counts.add(tally.counts());
        if (counts.fired) {
            counts.dirty = true;
            ctx.timerService().registerEventTimeTimer(watermark + 1);
        }
        windows.put(start, counts);
    }

    private long finalTime(long end) {
        return end - 1 + maxDelayMs;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WindowReport> out) throws Exception {
        WindowSeries series = WindowSeries.of(ctx.getCurrentKey());
        List<Long> finished = new ArrayList<>();
        for (Map.Entry<Long, WindowCounts> entry : windows.entries()) {
            long start = entry.getKey();
            long end = start + sizeMs;
            WindowCounts counts = entry.getValue();
            if (timestamp >= finalTime(end)) {
                report(series, start, counts, true, ctx, out);
                finished.add(start);
            } else if (timestamp >= end - 1 && (!counts.fired || counts.dirty)) {
                report(series, start, counts, false, ctx, out);
                counts.fired = true;
                counts.dirty = false;
                windows.put(start, counts);
            }
        }
        for (Long start : finished) {
            windows.remove(start);
        }
    }

    private void report(WindowSeries series, long start, WindowCounts counts, boolean isFinal, OnTimerContext ctx,
            Collector<WindowReport> out) {
        int revision = counts.nextRevision++;
        if (series.isComparison()) {
            ComparisonReport report = new ComparisonReport(start, start + sizeMs, series.modelVersion(),
                    series.challengerVersion(), counts.bothRight, counts.championOnly, counts.challengerOnly,
                    counts.bothWrong, McNemar.exactP(counts.championOnly, counts.challengerOnly), revision, isFinal);
            comparisonGauges.computeIfAbsent(ctx.getCurrentKey(), key -> new ComparisonGauges(
                    getRuntimeContext().getMetricGroup().addGroup("champion_version", series.modelVersion())
                            .addGroup("challenger_version", series.challengerVersion()))).report(report);
            ctx.output(COMPARISONS, report);
            return;
        }
        long labeled = counts.tp + counts.fp + counts.tn + counts.fn;
        BinaryMetrics metrics = new BinaryMetrics(counts.tp, counts.fp, counts.tn, counts.fn,
                labeled == 0 ? 0 : counts.logLossSum / labeled, Double.NaN);
        WindowReport report = new WindowReport(start, start + sizeMs, series.modelVersion(), series.role(), metrics,
                revision, isFinal, counts.lateLabelsDropped, counts.expiredUnlabeled);
        gauges.computeIfAbsent(ctx.getCurrentKey(), key -> new AccuracyGauges(
                getRuntimeContext().getMetricGroup().addGroup("model_version", series.modelVersion())
                        .addGroup("role", series.role().name().toLowerCase(Locale.ROOT)))).report(report);
        out.collect(report);
    }
}
