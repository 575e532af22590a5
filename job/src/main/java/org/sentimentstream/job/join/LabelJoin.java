package org.sentimentstream.job.join;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.sentimentstream.job.ingest.LabelEvent;
import org.sentimentstream.job.score.ScoredReview;

/**
 * Joins each prediction with its label by review id, whichever comes first. The first to arrive waits in keyed
 * state under an event-time timer at its own time + {@code maxDelayMs}: a prediction still alone then is EXPIRED
 * (never labeled), a label still alone is LABEL_DROPPED (too late, or for a review never scored). Either way the
 * state is cleared, so state and timers do not outlive {@code maxDelayMs} of event time.
 *
 * <p>Event time decides lateness, not arrival order: a label whose time is past the prediction's time +
 * {@code maxDelayMs} never matches it and is dropped (counted) as soon as both are known.
 *
 * <p>Duplicates: every occurrence of a review is scored and published; for accuracy, a review id is joined once
 * (a marker stays until the matched prediction's deadline): a second prediction is counted in {@code duplicates},
 * a second label is dropped. The marker is the timer's own state entry (a key with a timer and neither a
 * prediction nor a label waiting was joined): one entry and one timer per review for {@code maxDelayMs}, which at
 * the stream's rate is most of the join's state, all of it on the heap with the default state backend.
 */
public final class LabelJoin extends KeyedCoProcessFunction<String, ScoredReview, LabelEvent, JoinOutcome> {
    private static final long serialVersionUID = 1L;

    private final long maxDelayMs;
    private final String modelVersion;
    private transient ValueState<ScoredReview> prediction;
    private transient ValueState<LabelEvent> label;
    /** The pending timer's time; set whenever the key holds anything, alone it marks a joined review. */
    private transient ValueState<Long> timer;
    private transient Counter matched;
    private transient Counter expired;
    private transient Counter dropped;
    private transient Counter duplicates;
    /** Predictions this subtask has stored and not yet resolved since it (re)started; not restored on failover. */
    private transient long pending;

    /**
     * @param maxDelayMs how long, in event time, a prediction waits for its label and a label for its prediction
     * @param modelVersion the job's model, credited with dropped labels
     */
    public LabelJoin(long maxDelayMs, String modelVersion) {
        this.maxDelayMs = maxDelayMs;
        this.modelVersion = modelVersion;
    }

    @Override
    public void open(OpenContext context) {
        prediction = getRuntimeContext().getState(new ValueStateDescriptor<>("prediction", ScoredReview.class));
        label = getRuntimeContext().getState(new ValueStateDescriptor<>("label", LabelEvent.class));
        timer = getRuntimeContext().getState(new ValueStateDescriptor<>("timer", Long.class));
        var metrics = getRuntimeContext().getMetricGroup().addGroup("labels");
        matched = metrics.counter("matched");
        expired = metrics.counter("expired_unlabeled");
        dropped = metrics.counter("dropped");
        duplicates = metrics.counter("duplicates");
        metrics.gauge("pending_predictions", () -> pending);
    }

    @Override
    public void processElement1(ScoredReview scored, Context ctx, Collector<JoinOutcome> out) throws Exception {
        LabelEvent waiting = label.value();
        if (waiting == null && timer.value() != null) {
            duplicates.inc(); // a prediction is waiting already, or the review was joined
        } else if (waiting != null && !tooLate(scored, waiting)) {
            emitMatch(scored, waiting, ctx, out);
        } else {
            if (waiting != null) {
                // the waiting label is later than this prediction's deadline: it can never match
                emitDropped(waiting, out);
                clear(ctx);
            }
            prediction.update(scored);
            pending++;
            schedule(ctx, scored.eventTime() + maxDelayMs);
        }
    }

    @Override
    public void processElement2(LabelEvent event, Context ctx, Collector<JoinOutcome> out) throws Exception {
        ScoredReview waiting = prediction.value();
        if (waiting != null && !tooLate(waiting, event)) {
            pending--;
            emitMatch(waiting, event, ctx, out);
        } else if (timer.value() != null) {
            // too late for the waiting prediction, a second label, or a label for a review joined already
            emitDropped(event, out);
        } else {
            label.update(event);
            schedule(ctx, event.labelTime() + maxDelayMs);
        }
    }

    /** In event time, a label later than the prediction's time + max delay never matches it. */
    private boolean tooLate(ScoredReview scored, LabelEvent event) {
        return event.labelTime() > scored.eventTime() + maxDelayMs;
    }

    private void emitMatch(ScoredReview scored, LabelEvent event, Context ctx, Collector<JoinOutcome> out)
            throws Exception {
        matched.inc();
        out.collect(new JoinOutcome(JoinOutcome.Kind.MATCHED, scored.modelVersion(), scored.eventTime(),
                scored.positive(), scored.logit(), event.positive()));
        prediction.clear();
        label.clear();
        // the timer alone remembers the join until the prediction's deadline, so a later occurrence is not joined
        // again; a prediction that waited has that timer already
        long deadline = scored.eventTime() + maxDelayMs;
        Long current = timer.value();
        if (current == null || current != deadline) {
            if (current != null) {
                ctx.timerService().deleteEventTimeTimer(current);
            }
            schedule(ctx, deadline);
        }
    }

    private void schedule(Context ctx, long time) throws Exception {
        timer.update(time);
        ctx.timerService().registerEventTimeTimer(time);
    }

    private void clear(Context ctx) throws Exception {
        Long time = timer.value();
        if (time != null) {
            ctx.timerService().deleteEventTimeTimer(time);
        }
        prediction.clear();
        label.clear();
        timer.clear();
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<JoinOutcome> out) throws Exception {
        ScoredReview alone = prediction.value();
        LabelEvent unmatched = label.value();
        if (alone != null) {
            pending--;
            expired.inc();
            out.collect(new JoinOutcome(JoinOutcome.Kind.EXPIRED, alone.modelVersion(), alone.eventTime(),
                    alone.positive(), alone.logit(), false));
        } else if (unmatched != null) {
            emitDropped(unmatched, out);
        }
        clear(ctx);
    }

    private void emitDropped(LabelEvent event, Collector<JoinOutcome> out) {
        dropped.inc();
        out.collect(new JoinOutcome(JoinOutcome.Kind.LABEL_DROPPED, modelVersion, event.labelTime(), false, 0f,
                event.positive()));
    }
}
