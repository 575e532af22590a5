package org.sentimentstream.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The local cluster keeps checkpoints on disk, as a real cluster does, not in the job manager's memory. */
class LocalFlinkClusterITCase {
    private static final int KEYS = 2000;
    private static final int BYTES_PER_KEY = 4096; // 8 MB of keyed state in one subtask

    @Test
    void checkpointsStateOverFiveMegabytesToItsOwnDirectoryAndDeletesIt() throws Exception {
        Path checkpoints;
        try (LocalFlinkCluster flink = LocalFlinkCluster.start(1)) {
            checkpoints = flink.checkpointDirectory();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.enableCheckpointing(200);
            env.setParallelism(1);
            env.fromSequence(0, Long.MAX_VALUE).keyBy(n -> n % KEYS).process(new KeepBytes())
                    .sinkTo(new DiscardingSink<>());
            JobID job = flink.submit(env, "big-state");
            flink.awaitRunning(job, Duration.ofMinutes(1));
            // Flink's in-memory default refuses such a checkpoint: none would ever complete
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            boolean completed = false;
            while (!completed && System.nanoTime() < deadline) {
                try (Stream<Path> files = Files.walk(checkpoints)) {
                    completed = files.anyMatch(f -> f.getFileName().toString().equals("_metadata"));
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
            assertTrue(completed, "no checkpoint completed under " + checkpoints);
        }
        assertFalse(Files.exists(checkpoints));
    }

    @Test
    void cancelledJobFreesItsSlotForTheNext() throws Exception {
        try (LocalFlinkCluster flink = LocalFlinkCluster.start(1)) {
            for (int run = 0; run < 2; run++) {
                StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
                env.setParallelism(1);
                env.fromSequence(0, Long.MAX_VALUE).sinkTo(new DiscardingSink<>());
                JobID job = flink.submit(env, "endless-" + run);
                flink.awaitRunning(job, Duration.ofMinutes(1)); // the second runs only once the first freed the slot
                flink.cancel(job);
                assertEquals(JobStatus.CANCELED, flink.status(job));
            }
        }
    }

    /** Keeps {@link #BYTES_PER_KEY} bytes of state for each key it sees. */
    private static final class KeepBytes extends KeyedProcessFunction<Long, Long, Long> {
        private transient ValueState<byte[]> kept;

        @Override
        public void open(OpenContext context) {
            kept = getRuntimeContext().getState(new ValueStateDescriptor<>("kept", byte[].class));
        }

        @Override
        public void processElement(Long n, Context context, Collector<Long> out) throws Exception {
            if (kept.value() == null) {
                kept.update(new byte[BYTES_PER_KEY]);
                out.collect(n);
            }
        }
    }
}
