package org.sentimentstream.job.ingest;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.sentimentstream.schemas.DeadLetterReason;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Splits decoded records: events go on, rejected records go to the {@link #TAG} side output (and on to the
 * dead-letter topic), counted in {@code dead_letters.count} with the reason as the variable {@code reason}
 * (a Prometheus label).
 */
public final class DeadLetters<T> extends ProcessFunction<Decoded<T>, T> {
    private static final long serialVersionUID = 1L;

    /** The side output of rejected records. */
    public static final OutputTag<Rejected> TAG = new OutputTag<>("dead-letters") {};

    private transient Map<DeadLetterReason, Counter> counters;

    @Override
    public void open(OpenContext context) {
        counters = new EnumMap<>(DeadLetterReason.class);
        var deadLetters = getRuntimeContext().getMetricGroup().addGroup("dead_letters");
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            counters.put(reason, deadLetters.addGroup("reason", reason.name().toLowerCase(Locale.ROOT))
                    .counter("count"));
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
