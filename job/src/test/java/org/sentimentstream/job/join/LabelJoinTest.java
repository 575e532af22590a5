package org.sentimentstream.job.join;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sentimentstream.job.ingest.LabelEvent;
import org.sentimentstream.job.join.JoinOutcome.Kind;
import org.sentimentstream.job.score.ScoredReview;
import org.sentimentstream.schemas.ModelRole;

import java.util.ArrayList;
import java.util.List;

class LabelJoinTest {
    private static final long MAX_DELAY = 1000;
    private static final int MAX_PARALLELISM = 128;
    private KeyedTwoInputStreamOperatorTestHarness<String, ScoredReview, LabelEvent, JoinOutcome> harness;

    @BeforeEach
    void open() throws Exception {
        harness = harness(1, 0);
        harness.open();
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, ScoredReview, LabelEvent, JoinOutcome> harness(
            int parallelism, int subtask) throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(new LabelJoin(MAX_DELAY, "v1"), ScoredReview::reviewId,
                LabelEvent::reviewId, Types.STRING, MAX_PARALLELISM, parallelism, subtask);
    }

    private static LabelJoin join(KeyedTwoInputStreamOperatorTestHarness<?, ?, ?, ?> harness) {
        return (LabelJoin) harness.getOperator();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static ScoredReview scored(String id, long eventTime, boolean positive) {
        return new ScoredReview(id, eventTime, eventTime + 5, positive ? 0.9 : 0.1, positive,
                positive ? 2.2f : -2.2f, "v1", false);
    }

    private static LabelEvent label(String id, long time, boolean positive) {
        return new LabelEvent(id, positive, time);
    }

    private List<JoinOutcome> outcomes() {
        return harness.extractOutputValues();
    }

    /** Nothing held, and the deadlines still ahead resolve nothing: the end of input adds no outcome. */
    private void assertClean() throws Exception {
        assertEquals(0, join(harness).held(), "reviews left behind");
        int outcomes = outcomes().size();
        harness.processBothWatermarks(new Watermark(Long.MAX_VALUE));
        assertEquals(outcomes, outcomes().size(), "a stale deadline resolved something");
        assertEquals(0, join(harness).deadlinesAhead());
    }

    @Test
    void predictionThenLabel() throws Exception {
        harness.processElement1(scored("a", 100, true), 100);
        harness.processElement2(label("a", 300, false), 300);
        assertEquals(List.of(new JoinOutcome(Kind.MATCHED, "v1", 100, true, 2.2f, false)), outcomes());
        // the joined marker lives until the prediction's deadline, the label until its own (for another model)
        harness.processBothWatermarks(new Watermark(1300));
        assertClean();
    }

    @Test
    void aJoinedReviewKeepsItsMarkerAndItsLabelUntilTheirDeadlines() throws Exception {
        harness.processElement1(scored("p", 100, true), 100); // prediction first: deadline 1100
        harness.processElement2(label("p", 300, true), 300); // its label waits for other models until 1300
        harness.processElement2(label("l", 50, true), 50); // label first (deadline 1050), then its prediction
        harness.processElement1(scored("l", 200, true), 200); // whose marker lives until 1200
        assertEquals(4, join(harness).held());
        assertEquals(4, join(harness).deadlinesAhead());
        harness.processBothWatermarks(new Watermark(1099)); // l's label is forgotten, silently
        assertEquals(3, join(harness).held());
        assertEquals(3, join(harness).deadlinesAhead());
        harness.processBothWatermarks(new Watermark(1100));
        assertEquals(2, join(harness).held());
        assertEquals(2, join(harness).deadlinesAhead());
        harness.processElement2(label("l", 900, true), 900); // still joined: dropped, not waiting
        harness.processBothWatermarks(new Watermark(1300));
        assertEquals(2, outcomes().stream().filter(o -> o.kind() == Kind.MATCHED).count());
        assertEquals(List.of(Kind.LABEL_DROPPED), outcomes().stream().map(JoinOutcome::kind)
                .filter(k -> k != Kind.MATCHED).toList());
        assertClean();
    }

    @Test
    void labelBeforePrediction() throws Exception {
        harness.processElement2(label("a", 50, true), 50);
        harness.processElement1(scored("a", 100, true), 100);
        assertEquals(List.of(new JoinOutcome(Kind.MATCHED, "v1", 100, true, 2.2f, true)), outcomes());
        harness.processBothWatermarks(new Watermark(1100));
        assertClean();
    }

    @Test
    void predictionNeverLabeledExpiresAfterMaxDelay() throws Exception {
        harness.processElement1(scored("a", 100, false), 100);
        harness.processWatermark1(new Watermark(1099));
        harness.processWatermark2(new Watermark(1099));
        assertEquals(List.of(), outcomes());
        harness.processBothWatermarks(new Watermark(1100));
        assertEquals(List.of(new JoinOutcome(Kind.EXPIRED, "v1", 100, false, -2.2f, false)), outcomes());
        assertClean();
    }

    @Test
    void labelTooLateIsDroppedAndCountedNotLost() throws Exception {
        harness.processElement1(scored("a", 100, true), 100);
        harness.processBothWatermarks(new Watermark(1100));
        harness.processElement2(label("a", 1200, true), 1200);
        harness.processBothWatermarks(new Watermark(2200));
        assertEquals(List.of(new JoinOutcome(Kind.EXPIRED, "v1", 100, true, 2.2f, false),
                new JoinOutcome(Kind.LABEL_DROPPED, "v1", 1200, false, 0f, true)), outcomes());
        assertClean();
    }

    @Test
    void eventTimeDecidesLatenessNotArrivalOrder() throws Exception {
        // the label is known before the watermark expires the prediction, but its time is past the deadline
        harness.processElement1(scored("a", 100, true), 100);
        harness.processElement2(label("a", 1101, true), 1101);
        assertEquals(List.of(new JoinOutcome(Kind.LABEL_DROPPED, "v1", 1101, false, 0f, true)), outcomes());
        harness.processBothWatermarks(new Watermark(1100));
        assertEquals(new JoinOutcome(Kind.EXPIRED, "v1", 100, true, 2.2f, false), outcomes().get(1));
        // and the other order: a label waiting first, a prediction whose deadline it misses
        harness.processElement2(label("b", 5000, false), 5000);
        harness.processElement1(scored("b", 2000, false), 2000);
        assertEquals(new JoinOutcome(Kind.LABEL_DROPPED, "v1", 5000, false, 0f, false), outcomes().get(2));
        harness.processBothWatermarks(new Watermark(3000));
        assertEquals(new JoinOutcome(Kind.EXPIRED, "v1", 2000, false, -2.2f, false), outcomes().get(3));
        assertEquals(4, outcomes().size());
        assertClean();
    }

    @Test
    void labelForAnUnknownReviewIsDropped() throws Exception {
        harness.processElement2(label("ghost", 10, false), 10);
        harness.processBothWatermarks(new Watermark(5000));
        assertEquals(List.of(new JoinOutcome(Kind.LABEL_DROPPED, "v1", 10, false, 0f, false)), outcomes());
        assertClean();
    }

    @Test
    void aReviewIdIsJoinedOnce() throws Exception {
        harness.processElement1(scored("a", 100, true), 100);
        harness.processElement1(scored("a", 150, false), 150);
        harness.processElement2(label("a", 200, true), 200);
        harness.processElement2(label("a", 250, true), 250);
        harness.processBothWatermarks(new Watermark(5000));
        assertEquals(List.of(new JoinOutcome(Kind.MATCHED, "v1", 100, true, 2.2f, true),
                new JoinOutcome(Kind.LABEL_DROPPED, "v1", 250, false, 0f, true)), outcomes());
        // the second prediction was not joined: it is counted as a duplicate and leaves nothing behind
        assertEquals(1, join(harness).repeatedPredictions());
        assertClean();
    }

    @Test
    void anOccurrenceAfterTheMatchIsNotJoinedAgain() throws Exception {
        harness.processElement1(scored("a", 100, true), 100);
        harness.processElement2(label("a", 200, true), 200);
        harness.processElement1(scored("a", 300, false), 300);
        harness.processBothWatermarks(new Watermark(5000));
        assertEquals(List.of(new JoinOutcome(Kind.MATCHED, "v1", 100, true, 2.2f, true)), outcomes());
        assertEquals(1, join(harness).repeatedPredictions());
        assertClean();
    }

    @Test
    void manyKeysLeaveNoStateBehind() throws Exception {
        for (int i = 0; i < 100; i++) {
            harness.processElement1(scored("r" + i, i, i % 2 == 0), i);
            if (i % 3 != 0) {
                harness.processElement2(label("r" + i, i + 10, i % 4 == 0), i + 10);
            }
        }
        harness.processBothWatermarks(new Watermark(10_000));
        assertEquals(66, outcomes().stream().filter(o -> o.kind() == Kind.MATCHED).count());
        assertEquals(34, outcomes().stream().filter(o -> o.kind() == Kind.EXPIRED).count());
        assertEquals(0, join(harness).repeatedPredictions());
        assertClean();
    }

    @Test
    void aRestoredJoinResumesWhereItsCheckpointLeftOff() throws Exception {
        harness.processElement1(scored("waiting", 100, true), 100);
        harness.processElement2(label("early", 150, false), 150);
        harness.processElement1(scored("joined", 120, true), 120);
        harness.processElement2(label("joined", 130, true), 130);
        OperatorSubtaskState snapshot = harness.snapshot(1, 200);
        harness.close();
        harness = harness(1, 0);
        harness.initializeState(snapshot);
        harness.open();
        assertEquals(4, join(harness).held()); // joined: its prediction's marker and its label
        harness.processElement2(label("waiting", 300, false), 300);
        harness.processElement1(scored("early", 160, true), 160);
        harness.processElement1(scored("joined", 400, false), 400); // the marker came back: a duplicate
        assertEquals(1, join(harness).repeatedPredictions());
        assertEquals(List.of(new JoinOutcome(Kind.MATCHED, "v1", 100, true, 2.2f, false),
                new JoinOutcome(Kind.MATCHED, "v1", 160, true, 2.2f, false)), outcomes());
        harness.processBothWatermarks(new Watermark(1300));
        assertEquals(2, outcomes().size());
        assertClean();
    }

    @Test
    void restoredAtTwiceTheParallelismEachSubtaskHoldsTheKeyGroupsItOwns() throws Exception {
        int reviews = 200;
        for (int i = 0; i < reviews; i++) {
            harness.processElement1(scored("r" + i, i, i % 3 == 0), i);
        }
        OperatorSubtaskState snapshot = harness.snapshot(1, 300);
        int matched = 0;
        for (int subtask = 0; subtask < 2; subtask++) {
            KeyGroupRange owned = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(MAX_PARALLELISM, 2,
                    subtask);
            List<JoinOutcome> expected = new ArrayList<>();
            try (var restored = harness(2, subtask)) {
                restored.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(snapshot,
                        MAX_PARALLELISM, 1, 2, subtask));
                restored.open();
                for (int i = 0; i < reviews; i++) {
                    String id = "r" + i;
                    if (owned.contains(KeyGroupRangeAssignment.assignToKeyGroup(id, MAX_PARALLELISM))) {
                        expected.add(new JoinOutcome(Kind.MATCHED, "v1", i, i % 3 == 0, i % 3 == 0 ? 2.2f : -2.2f,
                                i % 2 == 0));
                    }
                }
                assertEquals(expected.size(), join(restored).held());
                for (int i = 0; i < reviews; i++) {
                    String id = "r" + i;
                    if (owned.contains(KeyGroupRangeAssignment.assignToKeyGroup(id, MAX_PARALLELISM))) {
                        restored.processElement2(label(id, i + 10, i % 2 == 0), i + 10);
                    }
                }
                assertEquals(expected, restored.extractOutputValues());
                matched += expected.size();
            }
        }
        assertEquals(reviews, matched);
    }

    private static ScoredReview challenger(String id, long eventTime, boolean positive) {
        return new ScoredReview(id, eventTime, eventTime + 5, positive ? 0.8 : 0.2, positive,
                positive ? 1.4f : -1.4f, "v2", false, ModelRole.CHALLENGER);
    }

    private static JoinOutcome matchedChallenger(long time, boolean predicted, boolean actual) {
        return new JoinOutcome(Kind.MATCHED, "v2", ModelRole.CHALLENGER, time, predicted, predicted ? 1.4f : -1.4f,
                actual, null, false);
    }

    @Test
    void eachModelsPredictionJoinsTheLabelAndTheReviewPairsOnceWhateverTheOrder() throws Exception {
        // label last
        harness.processElement1(scored("a", 100, true), 100);
        harness.processElement1(challenger("a", 100, false), 100);
        harness.processElement2(label("a", 300, true), 300);
        // label between the two predictions
        harness.processElement1(scored("b", 200, false), 200);
        harness.processElement2(label("b", 250, false), 250);
        harness.processElement1(challenger("b", 200, true), 200);
        // label first
        harness.processElement2(label("c", 260, true), 260);
        harness.processElement1(challenger("c", 210, true), 210);
        harness.processElement1(scored("c", 210, true), 210);
        assertEquals(List.of(
                new JoinOutcome(Kind.MATCHED, "v1", 100, true, 2.2f, true),
                matchedChallenger(100, false, true),
                JoinOutcome.paired("v1", "v2", 100, true, false, true),
                new JoinOutcome(Kind.MATCHED, "v1", 200, false, -2.2f, false),
                matchedChallenger(200, true, false),
                JoinOutcome.paired("v1", "v2", 200, false, true, false),
                matchedChallenger(210, true, true),
                new JoinOutcome(Kind.MATCHED, "v1", 210, true, 2.2f, true),
                JoinOutcome.paired("v1", "v2", 210, true, true, true)), outcomes());
        harness.processElement2(label("a", 400, false), 400); // a second label is dropped, never paired again
        harness.processElement1(challenger("a", 100, true), 100); // a repeated prediction is a duplicate
        assertEquals(1, join(harness).repeatedPredictions());
        harness.processBothWatermarks(new Watermark(1400));
        assertEquals(List.of(Kind.LABEL_DROPPED), outcomes().subList(9, outcomes().size()).stream()
                .map(JoinOutcome::kind).toList());
        assertClean();
    }

    @Test
    void anUnlabeledChallengerPredictionExpiresInItsRoleAndPairsNothing() throws Exception {
        harness.processElement1(scored("a", 100, true), 100);
        harness.processElement1(challenger("a", 100, true), 100);
        harness.processBothWatermarks(new Watermark(1100));
        assertEquals(List.of(new JoinOutcome(Kind.EXPIRED, "v1", 100, true, 2.2f, false),
                new JoinOutcome(Kind.EXPIRED, "v2", ModelRole.CHALLENGER, 100, true, 1.4f, false, null, false)),
                outcomes());
        assertClean();
    }
}
