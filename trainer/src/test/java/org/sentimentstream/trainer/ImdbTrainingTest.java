package org.sentimentstream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentimentstream.model.ModelMetadata;
import org.sentimentstream.trainer.imdb.ImdbDataset;
import org.sentimentstream.trainer.testutils.SyntheticImdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The train command's plan: select on validation data, refit on everything, record both in the metadata. */
class ImdbTrainingTest {
    private static final ImdbDataset DATA = new ImdbDataset(SyntheticImdb.reviews("train", 600, 11),
            SyntheticImdb.reviews("test", 150, 42), "abc123");

    @TempDir
    static Path dir;
    private static ModelMetadata refit;
    private static String refitLog;

    @BeforeAll
    static void trainWithRefit() throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        refit = ImdbTraining.run(hp(true), DATA, dir.resolve("refit"),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        refitLog = log.toString(StandardCharsets.UTF_8);
    }

    private static Hyperparameters hp(boolean refit) {
        Hyperparameters small = TrainerTest.small(1);
        return new Hyperparameters(small.seed(), small.buckets(), small.maxNgram(), small.dims(), small.hidden(),
                small.members(), small.batchSize(), small.maxEpochs(), small.patience(), small.learningRate(),
                small.epsilon(), small.nbAlpha(), small.dropout(), small.validationSize(), small.threads(), refit,
                true);
    }

    @Test
    void refitsOnEveryTrainingReviewForTheSelectedEpochs() {
        ModelMetadata m = refit;

        assertEquals(1200, m.trainSize());
        assertEquals(400, m.valSize());
        assertEquals(m.bestEpoch(), m.refitEpochs());
        assertTrue(m.bestEpoch() >= 1 && m.bestEpoch() <= m.epochsRun());
        assertTrue(m.testAccuracy() > 0.9, "test accuracy " + m.testAccuracy());
        assertTrue(m.temperature() > 0 && (m.logitScale() == 1 || m.logitScale() == 1 / m.temperature()));
        assertEquals(m.logitScale() != 1, m.calibrationEceScaled() < m.calibrationEce());
        // the temperature comes from the calibration run, trained on four fifths and scored on the fifth it left out
        assertEquals(240, m.calibrationSize());
        assertTrue(refitLog.contains("calibration run: 960 training reviews"), refitLog);
        assertEquals(true, m.hyperparameters().get("refit"));
        assertTrue(refitLog.contains("refit: all 1,200 training reviews, " + m.bestEpoch() + " epochs"), refitLog);
        assertTrue(refitLog.contains("Refit epoch " + m.bestEpoch() + "/" + m.bestEpoch() + " - "), refitLog);
    }

    @Test
    void withoutRefitExportsTheSelectionRunsBestEpoch() throws IOException {
        ModelMetadata selected = ImdbTraining.run(hp(false), DATA, dir.resolve("selected"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertEquals(800, selected.trainSize());
        assertEquals(0, selected.refitEpochs());
        // the same selection run either way: same validation figures, other weights; without a refit the
        // temperature is fitted on the selection run's validation reviews
        assertEquals(refit.valLoss(), selected.valLoss());
        assertEquals(refit.valEce(), selected.valEce());
        assertEquals(400, selected.calibrationSize());
        assertEquals(selected.valEce(), selected.calibrationEce());
        assertTrue(!refit.modelVersion().equals(selected.modelVersion()));
    }
}
