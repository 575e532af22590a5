package org.sentimentstream.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sentimentstream.model.BinaryMetrics;
import org.sentimentstream.model.TensorFlowRuntime;
import org.sentimentstream.trainer.graph.ParameterValues;
import org.sentimentstream.trainer.graph.Parameters;
import org.sentimentstream.trainer.graph.ServingGraph;
import org.sentimentstream.trainer.imdb.ImdbReview;
import org.sentimentstream.trainer.testutils.SyntheticImdb;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Training on generated reviews whose label shows in their words, with noise. */
class TrainerTest {
    /** Small enough to train in seconds, large enough to learn: 2^14 buckets, two members of 8 dims. */
    static Hyperparameters small(long seed) {
        return new Hyperparameters(seed, 1 << 14, 2, 8, 4, 2, 64, 8, 2, 0.01, 1e-4, 1.0, 0.5, 400, 1, true, true);
    }

    @BeforeAll
    static void loadTensorFlow() {
        TensorFlowRuntime.engine();
    }

    private static TrainingRun train(long seed, PrintStream log) {
        List<ImdbReview> reviews = SyntheticImdb.reviews("train", 600, 11);
        DataSplit split = DataSplit.of(reviews, 400, seed);
        return new Trainer(small(seed), log).train(split.train(), split.validation());
    }

    @Test
    void learnsToClearlyBeatChanceOnHeldOutReviews() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TrainingRun run = train(1, new PrintStream(log, true, StandardCharsets.UTF_8));
        List<ImdbReview> test = SyntheticImdb.reviews("test", 500, 99);

        float[] logits;
        try (ServingGraph serving = new ServingGraph(run.best(), 1)) {
            logits = serving.logits(Trainer.texts(test));
        }
        BinaryMetrics metrics = BinaryMetrics.of(logits, Trainer.labels(test));

        assertTrue(metrics.accuracy() > 0.9, "test accuracy " + metrics.accuracy());
        assertTrue(run.history().get(0).valLoss() > run.bestResult().valLoss(), "validation loss must fall");
        assertTrue(run.bestEpoch() >= 1 && run.bestEpoch() <= run.history().size());
        String output = log.toString(StandardCharsets.UTF_8);
        assertTrue(output.contains("Epoch 1/8 - ") && output.contains(" - val_accuracy: "), output);
    }

    @Test
    void sameSeedGivesBitIdenticalModels() {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        TrainingRun first = train(5, quiet);
        TrainingRun second = train(5, quiet);

        assertEquals(first.history().stream().map(TrainerTest::metrics).toList(),
                second.history().stream().map(TrainerTest::metrics).toList());
        for (int i = 0; i < first.best().arrays().size(); i++) {
            assertArrayEquals(first.best().arrays().get(i), second.best().arrays().get(i), "parameter " + i);
        }
    }

    @Test
    void earlyStoppingKeepsTheBestEpoch() {
        Hyperparameters hp = new Hyperparameters(3, 1 << 14, 2, 8, 4, 1, 64, 30, 1, 0.05, 1e-4, 1.0, 0.5, 400,
                1, true, true);
        List<ImdbReview> reviews = SyntheticImdb.reviews("train", 600, 11);
        DataSplit split = DataSplit.of(reviews, 400, 3);
        TrainingRun run = new Trainer(hp, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8)).train(split.train(), split.validation());

        assertTrue(run.history().size() < 30, "stopped after " + run.history().size() + " epochs");
        assertEquals(run.bestEpoch() + 1, run.history().size(), "patience 1 stops one epoch after the best");
        double lowest = run.history().stream().mapToDouble(EpochResult::valLoss).min().orElseThrow();
        assertEquals(lowest, run.bestResult().valLoss());
        // the kept parameters are the best epoch's: scoring validation with them reproduces its loss
        try (ServingGraph serving = new ServingGraph(run.best(), 1)) {
            BinaryMetrics val = BinaryMetrics.of(serving.logits(Trainer.texts(split.validation())),
                    Trainer.labels(split.validation()));
            assertEquals(run.bestResult().valLoss(), val.logLoss(), 1e-6);
        }
    }

    @Test
    void refitTrainsTheGivenEpochsOnEveryReviewBitIdentically() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Trainer trainer = new Trainer(small(2), new PrintStream(log, true, StandardCharsets.UTF_8));
        List<ImdbReview> reviews = SyntheticImdb.reviews("train", 300, 11);

        ParameterValues first = trainer.refit(reviews, 3, "Refit");
        ParameterValues second = trainer.refit(reviews, 3, "Refit");

        for (int i = 0; i < first.arrays().size(); i++) {
            assertArrayEquals(first.arrays().get(i), second.arrays().get(i), "parameter " + i);
        }
        // each of the two members reads only its own columns and hidden units, after training as before it
        assertOffBlockZero(first.arrays().get(2), Parameters.blockMask(2, 8, 4), "w1");
        assertOffBlockZero(first.arrays().get(4), Parameters.blockMask(2, 4, 1), "w2");
        String output = log.toString(StandardCharsets.UTF_8);
        assertTrue(output.contains("Refit epoch 3/3 - ") && !output.contains("Refit epoch 4/"), output);
        List<ImdbReview> test = SyntheticImdb.reviews("test", 500, 99);
        try (ServingGraph serving = new ServingGraph(first, 1)) {
            double accuracy = BinaryMetrics.of(serving.logits(Trainer.texts(test)), Trainer.labels(test)).accuracy();
            assertTrue(accuracy > 0.9, "test accuracy " + accuracy);
        }
    }

    private static void assertOffBlockZero(float[] weights, float[] mask, String name) {
        int onBlocks = 0;
        for (int i = 0; i < weights.length; i++) {
            if (mask[i] == 0) {
                assertEquals(0f, weights[i], name + "[" + i + "]");
            } else if (weights[i] != 0) {
                onBlocks++;
            }
        }
        assertTrue(onBlocks > 0, name + " has no trained weight");
    }

    /** An epoch's numbers without its duration, which no seed fixes. */
    private static List<Double> metrics(EpochResult e) {
        return List.of((double) e.epoch(), e.loss(), e.accuracy(), e.valLoss(), e.valAccuracy());
    }
}
