package org.sentimentstream.job.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentimentstream.job.batch.ReviewBatch;
import org.sentimentstream.job.ingest.DeadLetters;
import org.sentimentstream.job.ingest.Rejected;
import org.sentimentstream.job.ingest.ReviewEvent;
import org.sentimentstream.job.testutils.TestModel;
import org.sentimentstream.model.ModelFiles;
import org.sentimentstream.model.ModelMetadata;
import org.sentimentstream.schemas.AvroSerde;
import org.sentimentstream.schemas.ModelCommand;
import org.sentimentstream.schemas.ModelRole;
import org.sentimentstream.trainer.imdb.ImdbDataset;
import org.sentimentstream.trainer.testutils.RealImdb;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The scorer following model commands, in Flink's operator harness with two real models: a challenger in shadow,
 * a promotion, a retirement, rejected models and commands, and restores that serve the models active at the
 * checkpoint and go on with the command that was still loading.
 */
class SentimentScorerTest {
    private static Path championDir;
    private static Path challengerDir;
    private static ModelDescriptor champion;
    private static ModelDescriptor challenger;
    private final List<TwoInputStreamOperatorTestHarness<ReviewBatch, ModelCommandEvent, ScoredBatch>> harnesses =
            new ArrayList<>();
    private long offset;

    @BeforeAll
    static void trainModels() {
        ImdbDataset imdb = RealImdb.dataset();
        championDir = TestModel.directory(imdb);
        challengerDir = TestModel.challenger(imdb);
        champion = descriptor(championDir, ModelRole.CHAMPION);
        challenger = descriptor(challengerDir, ModelRole.CHALLENGER);
        assertNotEquals(champion.version(), challenger.version());
    }

    private static ModelDescriptor descriptor(Path dir, ModelRole role) {
        return new ModelDescriptor(ModelMetadata.read(dir).modelVersion(), dir.toString(), ModelFiles.sha256(dir),
                role);
    }

    @AfterEach
    void close() throws Exception {
        for (var harness : harnesses) {
            harness.close();
        }
    }

    private TwoInputStreamOperatorTestHarness<ReviewBatch, ModelCommandEvent, ScoredBatch> open(
            SentimentScorer scorer, OperatorSubtaskState restored) throws Exception {
        var harness = new TwoInputStreamOperatorTestHarness<>(scorer);
        harnesses.add(harness);
        harness.setup();
        if (restored != null) {
            harness.initializeState(restored);
        }
        harness.open();
        return harness;
    }

    private ModelCommandEvent command(ModelDescriptor model) {
        ModelCommand command = model.toCommand(Instant.ofEpochMilli(1000));
        return new ModelCommandEvent(model, "models", 0, offset++,
                AvroSerde.of(ModelCommand.class).serialize(command));
    }

    private static ReviewBatch batch() {
        return new ReviewBatch(List.of(new ReviewEvent("r1", "A wonderful, moving film.", 10, false),
                new ReviewEvent("r2", "Dull, and far too long.", 11, false)));
    }

    /** Scores one batch and returns it. */
    private static ScoredBatch score(TwoInputStreamOperatorTestHarness<ReviewBatch, ModelCommandEvent, ScoredBatch>
            harness) throws Exception {
        harness.processElement1(new StreamRecord<>(batch(), 11));
        List<ScoredBatch> out = harness.extractOutputValues();
        return out.get(out.size() - 1);
    }

    private static List<String> versions(List<ScoredReview> reviews) {
        return reviews.stream().map(ScoredReview::modelVersion).distinct().toList();
    }

    private static List<Rejected> rejected(
            TwoInputStreamOperatorTestHarness<ReviewBatch, ModelCommandEvent, ScoredBatch> harness) {
        var side = harness.getSideOutput(DeadLetters.TAG);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void aChallengerScoresInShadowAndAPromotionSwapsTheRoles() throws Exception {
        SentimentScorer scorer = new SentimentScorer(championDir, 1);
        var harness = open(scorer, null);
        ScoredBatch before = score(harness);
        assertEquals(List.of(champion.version()), versions(before.reviews()));
        assertEquals(List.of(), before.shadow());

        harness.processElement2(new StreamRecord<>(command(challenger)));
        scorer.awaitLoad();
        ScoredBatch shadowed = score(harness);
        assertEquals(List.of(champion.version()), versions(shadowed.reviews()));
        assertEquals(List.of(challenger.version()), versions(shadowed.shadow()));
        assertEquals(List.of("r1", "r2"), shadowed.shadow().stream().map(ScoredReview::reviewId).toList());
        assertEquals(before.reviews().get(0).logit(), shadowed.reviews().get(0).logit());
        assertNotEquals(shadowed.reviews().get(0).logit(), shadowed.shadow().get(0).logit());

        // the challenger is loaded already: the promotion needs no load and applies at once
        harness.processElement2(new StreamRecord<>(command(challenger.withRole(ModelRole.CHAMPION))));
        ScoredBatch promoted = score(harness);
        assertEquals(List.of(challenger.version()), versions(promoted.reviews()));
        assertEquals(List.of(champion.version()), versions(promoted.shadow()));
        assertEquals(shadowed.shadow().get(0).logit(), promoted.reviews().get(0).logit());
        assertEquals(List.of(), rejected(harness));
    }

    @Test
    void aRetiredChallengerStopsScoring() throws Exception {
        SentimentScorer scorer = new SentimentScorer(championDir, 1);
        var harness = open(scorer, null);
        harness.processElement2(new StreamRecord<>(command(challenger)));
        scorer.awaitLoad();
        assertEquals(List.of(challenger.version()), versions(score(harness).shadow()));

        harness.processElement2(new StreamRecord<>(command(challenger.withRole(ModelRole.RETIRED))));
        ScoredBatch after = score(harness);
        assertEquals(List.of(champion.version()), versions(after.reviews()));
        assertEquals(List.of(), after.shadow());
        assertNull(scorer.active().challenger());
    }

    @Test
    void aModelThatFailsItsChecksOrACommandThatCannotBeFollowedIsRejectedAndTheJobServesOn(@TempDir Path tmp)
            throws Exception {
        SentimentScorer scorer = new SentimentScorer(championDir, 1);
        var harness = open(scorer, null);
        // a checksum that is not the files'
        harness.processElement2(new StreamRecord<>(command(new ModelDescriptor(challenger.version(),
                challenger.uri(), "00".repeat(32), ModelRole.CHALLENGER))));
        scorer.awaitLoad();
        // a corrupt copy: the checksum of what is there, but a golden logit the model does not reproduce
        Path corrupt = TestModel.withWrongGolden(challengerDir, tmp.resolve("corrupt"));
        harness.processElement2(new StreamRecord<>(command(new ModelDescriptor(challenger.version(),
                corrupt.toString(), ModelFiles.sha256(corrupt), ModelRole.CHALLENGER))));
        scorer.awaitLoad();
        // a directory that is not there, and retiring the champion
        harness.processElement2(new StreamRecord<>(command(new ModelDescriptor("absent",
                tmp.resolve("absent").toString(), "00".repeat(32), ModelRole.CHAMPION))));
        scorer.awaitLoad();
        harness.processElement2(new StreamRecord<>(command(champion.withRole(ModelRole.RETIRED))));

        ScoredBatch after = score(harness);
        assertEquals(List.of(champion.version()), versions(after.reviews()));
        assertEquals(List.of(), after.shadow());
        List<Rejected> rejected = rejected(harness);
        assertEquals(List.of("MODEL_REJECTED", "MODEL_REJECTED", "MODEL_REJECTED", "MODEL_REJECTED"),
                rejected.stream().map(Rejected::reason).toList());
        assertEquals(List.of(0L, 1L, 2L, 3L), rejected.stream().map(Rejected::offset).toList());
        assertTrue(rejected.get(0).error().contains("have SHA-256"), rejected.get(0).error());
        assertTrue(rejected.get(1).error().contains("golden check failed"), rejected.get(1).error());
        assertTrue(rejected.get(2).error().contains("not found"), rejected.get(2).error());
        assertTrue(rejected.get(3).error().contains("cannot retire"), rejected.get(3).error());
        assertEquals(ModelRole.RETIRED, AvroSerde.of(ModelCommand.class).deserialize(rejected.get(3).value())
                .getRole());
    }

    @Test
    void aRestoreServesTheModelsActiveAtTheCheckpointAndFollowsThePendingCommand() throws Exception {
        SentimentScorer scorer = new SentimentScorer(championDir, 1);
        var harness = open(scorer, null);
        harness.processElement2(new StreamRecord<>(command(challenger)));
        scorer.awaitLoad();
        score(harness);
        harness.processElement2(new StreamRecord<>(command(challenger.withRole(ModelRole.CHAMPION))));
        OperatorSubtaskState promoted = harness.snapshot(1, 100);

        // restored with another --model-dir: the checkpoint's set wins
        SentimentScorer restored = new SentimentScorer(challengerDir, 1);
        var again = open(restored, promoted);
        ScoredBatch batch = score(again);
        assertEquals(List.of(challenger.version()), versions(batch.reviews()));
        assertEquals(List.of(champion.version()), versions(batch.shadow()));

        // retire the shadow, then bring it back: its load is under way when the checkpoint is taken
        again.processElement2(new StreamRecord<>(command(champion.withRole(ModelRole.RETIRED))));
        again.processElement2(new StreamRecord<>(command(champion.withRole(ModelRole.CHALLENGER))));
        OperatorSubtaskState loading = again.snapshot(2, 200);
        SentimentScorer third = new SentimentScorer(championDir, 1);
        var last = open(third, loading);
        assertEquals(List.of(), score(last).shadow());
        third.awaitLoad();
        ScoredBatch switched = score(last);
        assertEquals(List.of(challenger.version()), versions(switched.reviews()));
        assertEquals(List.of(champion.version()), versions(switched.shadow()));
    }

    @Test
    void eventTimeComesFromTheReviewsAlone() throws Exception {
        var harness = open(new SentimentScorer(championDir, 1), null);
        harness.processWatermark2(new Watermark(5));
        assertEquals(List.of(), harness.getOutput().stream().filter(Watermark.class::isInstance).toList());
        harness.processWatermark1(new Watermark(7));
        assertEquals(List.of(new Watermark(7)),
                harness.getOutput().stream().filter(Watermark.class::isInstance).toList());
    }

    @Test
    void aLoadedModelSwitchesInWithoutWaitingForABatch() throws Exception {
        SentimentScorer scorer = new SentimentScorer(championDir, 1);
        var harness = open(scorer, null);
        harness.setProcessingTime(0);
        harness.processElement2(new StreamRecord<>(command(challenger)));
        scorer.awaitLoad();
        assertNull(scorer.active().challenger());
        harness.setProcessingTime(50); // the task thread's next look
        assertEquals(challenger.version(), scorer.active().challenger().version());
    }
}
