package org.sentimentstream.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sentimentstream.job.ingest.LabelEvent;
import org.sentimentstream.job.join.JoinOutcome.Kind;
import org.sentimentstream.job.join.JoinOutcome;
import org.sentimentstream.job.join.LabelJoin;
import org.sentimentstream.job.score.ScoredReview;
import org.sentimentstream.job.window.AccuracyWindow;
import org.sentimentstream.job.window.WindowReport;
import org.sentimentstream.job.window.WindowTally;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Savepoints of earlier builds restore with exact contents: the state the job writes itself, captured in every
 * format a build has written (as Flink's own migration tests keep theirs, one file per format), is restored into
 * today's operators, which must then produce exactly what the capturing build would have. A change of a state format
 * without a migration fails here. After a format change, capture the new format by running this test with
 * {@code -Dstate.snapshots.write=FORMAT} (files go to {@code src/test/resources/state-snapshots/}) and add FORMAT to
 * the list below; never rewrite an existing file. {@code label-join-v0} was written by the builds before the join's
 * state had a format version; the accuracy windows' state is Flink's own serializer's, versioned by its snapshot.
 */
class StateSnapshotsTest {
    private static final Path DIR = Path.of("src/test/resources/state-snapshots");
    private static final String WRITE = System.getProperty("state.snapshots.write");
    private static final long MAX_DELAY = 1_000;
    private static final int MAX_PARALLELISM = 128;

    @ParameterizedTest
    @ValueSource(strings = {"v0", "v1", "v2"})
    void labelJoinRestoresHeldReviews(String format) throws Exception {
        Path file = DIR.resolve("label-join-" + format + ".snapshot");
        if (format.equals(WRITE)) {
            try (var harness = labelJoin()) {
                harness.open();
                for (int i = 0; i < 10; i++) {
                    harness.processElement1(scored("waiting-label-" + i, 100 + i), 100 + i);
                }
                for (int i = 0; i < 5; i++) {
                    harness.processElement2(new LabelEvent("waiting-prediction-" + i, i % 2 == 0, 200 + i), 200 + i);
                }
                harness.processElement1(scored("joined", 300), 300);
                harness.processElement2(new LabelEvent("joined", true, 301), 301);
                write(harness.snapshot(1, 400), file);
            }
        }
        try (var harness = labelJoin()) {
            harness.initializeState(OperatorSnapshotUtil.readStateHandle(file.toString()));
            harness.open();
            List<JoinOutcome> expected = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                harness.processElement2(new LabelEvent("waiting-label-" + i, i % 3 == 0, 500), 500);
                expected.add(new JoinOutcome(Kind.MATCHED, "v1", 100 + i, i % 2 == 0, i % 2 == 0 ? 2f : -2f,
                        i % 3 == 0));
            }
            for (int i = 0; i < 5; i++) {
                harness.processElement1(scored("waiting-prediction-" + i, 600 + i), 600 + i);
                expected.add(new JoinOutcome(Kind.MATCHED, "v1", 600 + i, i % 2 == 0, i % 2 == 0 ? 2f : -2f,
                        i % 2 == 0));
            }
            // joined already (the restored marker says so): a second label is dropped, never matched
            harness.processElement2(new LabelEvent("joined", false, 700), 700);
            harness.processBothWatermarks(new Watermark(Long.MAX_VALUE));
            expected.add(new JoinOutcome(Kind.LABEL_DROPPED, "v1", 700, false, 0f, false));
            assertEquals(expected, harness.extractOutputValues());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1"})
    void accuracyWindowRestoresOpenWindows(String format) throws Exception {
        Path file = DIR.resolve("accuracy-window-" + format + ".snapshot");
        if (format.equals(WRITE)) {
            try (var harness = accuracyWindow()) {
                harness.open();
                for (int i = 0; i < 7; i++) {
                    harness.processElement(tally(matched(1_000 + i, i % 2 == 0, i % 3 == 0)), 1_000 + i);
                }
                harness.processElement(tally(new JoinOutcome(Kind.EXPIRED, "v1", 2_000, true, 1f, false)), 2_000);
                harness.processElement(tally(new JoinOutcome(Kind.LABEL_DROPPED, "v1", 3_000, false, 0f, true)),
                        3_000);
                harness.processElement(tally(matched(61_000, true, true)), 61_000);
                write(harness.snapshot(1, 4_000), file);
            }
        }
        try (var harness = accuracyWindow()) {
            harness.initializeState(OperatorSnapshotUtil.readStateHandle(file.toString()));
            harness.open();
            harness.processElement(tally(matched(5_000, true, true)), 5_000);
            harness.processWatermark(new Watermark(Long.MAX_VALUE));
            List<String> reports = harness.extractOutputValues().stream().filter(WindowReport::isFinal)
                    .map(r -> r.windowStart() + " " + r.metrics().count() + " " + r.metrics().tp() + " "
                            + r.metrics().fp() + " " + r.metrics().tn() + " " + r.metrics().fn() + " "
                            + r.expiredUnlabeled() + " " + r.lateLabelsDropped())
                    .toList();
            // window 0: the 7 matched (tp 2: i = 0, 6; fp 2: i = 2, 4; tn 2: i = 1, 5; fn 1: i = 3) and 5,000 (tp)
            assertEquals(List.of("0 8 3 2 2 1 1 1", "60000 1 1 0 0 0 0 0"), reports);
        }
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, ScoredReview, LabelEvent, JoinOutcome> labelJoin()
            throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(new LabelJoin(MAX_DELAY, "v1"), ScoredReview::reviewId,
                LabelEvent::reviewId, Types.STRING, MAX_PARALLELISM, 1, 0);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, WindowTally, WindowReport> accuracyWindow()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AccuracyWindow(60_000, 30_000)), WindowTally::series,
                Types.STRING);
    }

    private static ScoredReview scored(String id, long eventTime) {
        boolean positive = eventTime % 2 == 0;
        return new ScoredReview(id, eventTime, eventTime + 5, positive ? 0.88 : 0.12, positive,
                positive ? 2f : -2f, "v1", false);
    }

    private static WindowTally tally(JoinOutcome outcome) {
        return WindowTally.of(outcome, 60_000);
    }

    private static JoinOutcome matched(long time, boolean predicted, boolean actual) {
        return new JoinOutcome(Kind.MATCHED, "v1", time, predicted, predicted ? 1f : -1f, actual);
    }

    private static void write(OperatorSubtaskState state, Path file) throws Exception {
        Files.createDirectories(file.getParent());
        OperatorSnapshotUtil.writeStateHandle(state, file.toString());
    }
}
