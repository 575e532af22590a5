package org.sentimentstream.job.window;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sentimentstream.job.join.JoinOutcome.Kind;
import org.sentimentstream.job.join.JoinOutcome;
import org.sentimentstream.schemas.ModelRole;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

class OutcomeTallyTest {
    private static final long SIZE = 60_000;
    private OutcomeTally tally;
    private OneInputStreamOperatorTestHarness<JoinOutcome, WindowTally> harness;

    @BeforeEach
    void open() throws Exception {
        tally = new OutcomeTally(SIZE);
        harness = new OneInputStreamOperatorTestHarness<>(tally);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void matched(String version, ModelRole role, long time, boolean predicted, boolean actual)
            throws Exception {
        harness.processElement(new JoinOutcome(Kind.MATCHED, version, role, time, predicted, 0f, actual, null,
                false), time);
    }

    /** What was flushed, as "series windowStart tp fp tn fn bothRight championOnly challengerOnly bothWrong". */
    private Map<String, String> flushed() {
        Map<String, String> out = new TreeMap<>();
        for (WindowTally t : harness.extractOutputValues()) {
            WindowCounts c = t.counts();
            out.merge(t.series() + " " + t.windowStart(), c.tp + " " + c.fp + " " + c.tn + " " + c.fn + " "
                    + c.bothRight + " " + c.championOnly + " " + c.challengerOnly + " " + c.bothWrong,
                    (a, b) -> a + " | " + b);
        }
        return out;
    }

    @Test
    void oneTallyPerSeriesAndWindowIsFlushedBeforeTheWatermark() throws Exception {
        for (int i = 0; i < 100; i++) {
            matched("v1", ModelRole.CHAMPION, 1_000 + i, true, i % 4 != 0);
            matched("v2", ModelRole.CHALLENGER, 1_000 + i, i % 2 == 0, i % 4 != 0);
        }
        matched("v1", ModelRole.CHAMPION, 61_000, false, false);
        harness.processElement(JoinOutcome.paired("v1", "v2", 2_000, true, false, true), 2_000);
        harness.processElement(JoinOutcome.paired("v1", "v2", 2_001, true, true, false), 2_001);
        assertEquals(List.of(), harness.extractOutputValues());
        harness.processWatermark(new Watermark(500));
        assertEquals(Map.of(
                "v1 0", "75 25 0 0 0 0 0 0",
                "v1 60000", "0 0 1 0 0 0 0 0",
                "v2@challenger 0", "25 25 0 50 0 0 0 0",
                "v1@vs@v2 0", "0 0 0 0 0 1 0 1"), flushed());
        // the tallies leave before the watermark, and nothing stays behind
        assertEquals(new Watermark(500), harness.getOutput().stream().reduce((a, b) -> b).orElseThrow());
        assertEquals(0, tally.held());
    }

    @Test
    void aCheckpointBarrierFlushesSoNothingIsInTheSnapshot() throws Exception {
        matched("v1", ModelRole.CHAMPION, 1_000, true, true);
        harness.prepareSnapshotPreBarrier(1);
        assertEquals(Map.of("v1 0", "1 0 0 0 0 0 0 0"), flushed());
        assertEquals(0, tally.held());
    }
}
