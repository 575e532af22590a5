package org.sentimentstream.job.window;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sentimentstream.job.join.JoinOutcome.Kind;
import org.sentimentstream.job.join.JoinOutcome;
import org.sentimentstream.schemas.ModelRole;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The accuracy windows at parallelism 4 with two hot keys (a champion and a challenger): the join's outcomes are
 * counted on all four {@link OutcomeTally} subtasks, and the keyed windows receive one tally per subtask, series and
 * window instead of every outcome on the two subtasks that own the keys. The reports still count every outcome.
 */
class OutcomeSpreadITCase {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();
    private static final int PARALLELISM = 4;
    private static final int PER_MODEL = 10_000;
    private static final long WINDOW = 60_000;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(PARALLELISM).build());

    @Test
    void theOutcomesOfTwoHotKeysAreCountedOnEverySubtask() throws Exception {
        List<JoinOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < PER_MODEL; i++) {
            long time = i * (2 * WINDOW / PER_MODEL); // two windows
            outcomes.add(new JoinOutcome(Kind.MATCHED, "v1", ModelRole.CHAMPION, time, true, 1f, i % 3 != 0, null,
                    false));
            outcomes.add(new JoinOutcome(Kind.MATCHED, "v2", ModelRole.CHALLENGER, time, true, 1f, i % 5 != 0, null,
                    false));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(PARALLELISM);
        env.getConfig().setAutoWatermarkInterval(0); // one watermark, at the end: the flushes are deterministic
        SingleOutputStreamOperator<WindowReport> reports = env
                .fromData(TypeInformation.of(JoinOutcome.class), outcomes.toArray(JoinOutcome[]::new))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<JoinOutcome>forMonotonousTimestamps()
                        .withTimestampAssigner((outcome, previous) -> outcome.eventTime()))
                .rebalance() // as the join's outcomes are spread: keyed by review id
                .transform("tally outcomes", TypeInformation.of(WindowTally.class), new OutcomeTally(WINDOW))
                .keyBy(WindowTally::series)
                .process(new AccuracyWindow(WINDOW, 1_000), TypeInformation.of(WindowReport.class))
                .name("accuracy windows");
        Map<String, Long> labeled = new TreeMap<>();
        JobClient job;
        try (CloseableIterator<WindowReport> results = reports.collectAsync()) {
            job = env.executeAsync("outcome-spread");
            results.forEachRemaining(report -> {
                if (report.isFinal()) {
                    labeled.merge(report.modelVersion() + " " + report.role() + " " + report.windowStart(),
                            report.metrics().count(), Long::sum);
                }
            });
        }
        job.getJobExecutionResult().get();

        assertEquals(Map.of("v1 CHAMPION 0", 5_000L, "v1 CHAMPION 60000", 5_000L, "v2 CHALLENGER 0", 5_000L,
                "v2 CHALLENGER 60000", 5_000L), labeled);
        List<Long> tallied = recordsIn(job, "tally outcomes");
        assertEquals(List.of(5_000L, 5_000L, 5_000L, 5_000L), tallied); // 20,000 outcomes over 4 subtasks
        // the round robin gives subtasks 0 and 2 the champion's outcomes, 1 and 3 the challenger's (they alternate);
        // each subtask saw its series in both windows and flushed once: 2 tallies each, 8 in all for 20,000 outcomes
        assertEquals(8L, recordsIn(job, "accuracy windows").stream().mapToLong(Long::longValue).sum());
    }

    private static List<Long> recordsIn(JobClient job, String operator) {
        List<Long> counts = new ArrayList<>();
        for (OperatorMetricGroup group : REPORTER.findOperatorMetricGroups(job.getJobID(), operator)) {
            counts.add(group.getIOMetricGroup().getNumRecordsInCounter().getCount());
        }
        assertEquals(PARALLELISM, counts.size(), operator + " subtasks");
        return counts;
    }
}
