package org.sentimentstream.job.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sentimentstream.job.join.JoinOutcome.Kind;
import org.sentimentstream.job.join.JoinOutcome;
import org.sentimentstream.model.BinaryMetrics;
import org.sentimentstream.schemas.ModelRole;

import java.util.List;

class AccuracyWindowTest {
    private static final long SIZE = 60_000;
    private static final long MAX_DELAY = 30_000;
    private KeyedOneInputStreamOperatorTestHarness<String, WindowTally, WindowReport> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AccuracyWindow(SIZE, MAX_DELAY)), WindowTally::series,
                Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void process(JoinOutcome outcome, long time) throws Exception {
        harness.processElement(WindowTally.of(outcome, SIZE), time);
    }

    private void matched(long time, boolean predicted, boolean actual) throws Exception {
        process(new JoinOutcome(Kind.MATCHED, "v1", time, predicted, predicted ? 1f : -1f, actual), time);
    }

    private List<WindowReport> reports() {
        return harness.extractOutputValues();
    }

    @Test
    void firesThenRevisesOnLateLabelsThenFinalises() throws Exception {
        matched(1_000, true, true);     // tp
        matched(2_000, false, false);   // tn
        matched(3_000, true, false);    // fp
        process(new JoinOutcome(Kind.EXPIRED, "v1", 4_000, true, 1f, false), 4_000);
        harness.processWatermark(new Watermark(59_998));
        assertEquals(List.of(), reports());

        harness.processWatermark(new Watermark(59_999));
        WindowReport first = reports().get(0);
        assertEquals(0, first.windowStart());
        assertEquals(60_000, first.windowEnd());
        assertEquals(new BinaryMetrics(1, 1, 1, 0, first.metrics().logLoss(), Double.NaN).toString(),
                first.metrics().toString());
        assertEquals(0, first.revision());
        assertFalse(first.isFinal());
        assertEquals(1, first.expiredUnlabeled());
        double expectedLoss = (BinaryMetrics.logLoss(1f, 1) + BinaryMetrics.logLoss(-1f, 0)
                + BinaryMetrics.logLoss(1f, 0)) / 3;
        assertEquals(expectedLoss, first.metrics().logLoss(), 1e-12);

        matched(5_000, false, true);    // a late label: fn
        harness.processWatermark(new Watermark(70_000));
        WindowReport revised = reports().get(1);
        assertEquals(1, revised.revision());
        assertEquals(4, revised.metrics().count());
        assertEquals(1, revised.metrics().fn());
        assertFalse(revised.isFinal());

        harness.processWatermark(new Watermark(89_999));
        WindowReport last = reports().get(2);
        assertTrue(last.isFinal());
        assertEquals(2, last.revision());
        assertEquals(0.5, last.metrics().accuracy());
        assertEquals(3, reports().size());
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void unchangedWindowsAreNotRevised() throws Exception {
        matched(1_000, true, true);
        harness.processWatermark(new Watermark(59_999));
        harness.processWatermark(new Watermark(70_000));
        harness.processWatermark(new Watermark(80_000));
        assertEquals(1, reports().size());
        harness.processWatermark(new Watermark(90_000));
        assertEquals(2, reports().size());
        assertTrue(reports().get(1).isFinal());
        assertEquals(1, reports().get(1).revision());
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void windowsAreTumblingOnEventTimeAndDroppedLabelsCountWhereTheyHappened() throws Exception {
        matched(59_999, true, true);
        matched(60_000, true, false);
        process(new JoinOutcome(Kind.LABEL_DROPPED, "v1", 61_000, false, 0f, true), 61_000);
        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        List<WindowReport> finals = reports().stream().filter(WindowReport::isFinal).toList();
        assertEquals(2, finals.size());
        assertEquals(1, finals.get(0).metrics().tp());
        assertEquals(0, finals.get(0).lateLabelsDropped());
        assertEquals(60_000, finals.get(1).windowStart());
        assertEquals(1, finals.get(1).metrics().fp());
        assertEquals(1, finals.get(1).lateLabelsDropped());
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void pairedTalliesFromSeveralSubtasksCombineIntoAComparisonWithItsMcNemarP() throws Exception {
        // two join subtasks' tallies of one window: champion-only 1 + 0, challenger-only 2 + 4, both right 3, wrong 1
        WindowCounts first = new WindowCounts();
        first.bothRight = 3;
        first.championOnly = 1;
        first.challengerOnly = 2;
        WindowCounts second = new WindowCounts();
        second.challengerOnly = 4;
        second.bothWrong = 1;
        String series = WindowSeries.comparisonKey("v1", "v2");
        harness.processElement(new WindowTally(series, 0, first), 59_999);
        harness.processElement(new WindowTally(series, 0, second), 59_999);
        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        assertEquals(List.of(), reports());
        List<ComparisonReport> comparisons = harness.getSideOutput(AccuracyWindow.COMPARISONS).stream()
                .map(record -> record.getValue()).toList();
        double p = comparisons.get(0).pValue();
        assertEquals(0.125, p, 1e-12); // 2 P(X <= 1), X ~ Binomial(7, 1/2)
        assertEquals(List.of(new ComparisonReport(0, 60_000, "v1", "v2", 3, 1, 6, 1, p, 0, false),
                new ComparisonReport(0, 60_000, "v1", "v2", 3, 1, 6, 1, p, 1, true)), comparisons);
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void aChallengersAccuracyIsReportedInItsRole() throws Exception {
        process(new JoinOutcome(Kind.MATCHED, "v2", ModelRole.CHALLENGER, 1_000, true, 1f, true, null, false),
                1_000);
        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        assertEquals(List.of(ModelRole.CHALLENGER, ModelRole.CHALLENGER), reports().stream()
                .map(WindowReport::role).toList());
        assertEquals("v2", reports().get(0).modelVersion());
    }
}
