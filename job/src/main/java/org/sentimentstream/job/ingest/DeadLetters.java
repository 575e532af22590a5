package org.sentimentstream.job.ingest;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.sentimentstream.schemas.DeadLetterReason;

import java.util.EnumMap;
import java.util.Map;

/**
 * Splits decoded records: events go on, rejected records go to the {@link #TAG} side output (and on to the
 * dead-letter topic), counted per reason in the metric group {@code dead_letters.<reason>}.
 */
public final class DeadLetters<T> extends ProcessFunction<Decoded<T>, T> {
    private static final long serialVersionUID = 1L;

    /** The side output of rejected records. */
    public static final OutputTag<Rejected> TAG = new OutputTag<>("dead-letters") {};

    private transient Map<DeadLetterReason, Counter> counters;

    @Override
    public void open(OpenContext context) {
        counters = new EnumMap<>(DeadLetterReason.class);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            counters.put(reason, getRuntimeContext().getMetricGroup().addGroup("dead_letters")
                    .counter(reason.name().toLowerCase(java.util.Locale.ROOT)));
        }
    }

    @Override
    public void processElement(Decoded<T> decoded, Context ctx, Collector<T> out) {
        if (decoded.rejected() != null) {
            counters.get(DeadLetterReason.valueOf(decoded.rejected().reason())).inc();
            ctx.output(TAG, decoded.rejected());
        } else {
            out.collect(decoded.event());
        }
    }
}
