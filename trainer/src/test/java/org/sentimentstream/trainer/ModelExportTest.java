package org.sentimentstream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentimentstream.model.BinaryMetrics;
import org.sentimentstream.model.GoldenExamples;
import org.sentimentstream.model.ModelException;
import org.sentimentstream.model.ModelMetadata;
import org.sentimentstream.model.Reliability;
import org.sentimentstream.model.SentimentModel;
import org.sentimentstream.model.TensorFlowRuntime;
import org.sentimentstream.trainer.graph.ServingGraph;
import org.sentimentstream.trainer.imdb.ImdbReview;
import org.sentimentstream.trainer.testutils.BrokenModels;
import org.sentimentstream.trainer.testutils.SyntheticImdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Export, then load with the DJL TensorFlow engine exactly as the job will: the round trip must be exact. */
class ModelExportTest {
    private static TrainedModel model;
    private static final List<ImdbReview> TEST = SyntheticImdb.reviews("test", 150, 42);

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        TensorFlowRuntime.engine();
        List<ImdbReview> reviews = SyntheticImdb.reviews("train", 600, 11);
        DataSplit split = DataSplit.of(reviews, 400, 1);
        TrainingRun run = new Trainer(TrainerTest.small(1), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8)).train(split.train(), split.validation());
        TemperatureScaling calibration = TemperatureScaling.fit(run.validationLogits(),
                run.validationLabels());
        model = new TrainedModel(run, run.best(), 0, calibration, run.seconds());
    }

    private ModelMetadata export(Path modelDir) throws IOException {
        return ModelExport.write(modelDir, model, TEST,
                new ModelExport.Context(TrainerTest.small(1), "abc123", 800, 400, "CPU"));
    }

    @Test
    void writesEveryArtifactAndDjlReproducesTheTrainersLogits() throws IOException {
        Path modelDir = dir.resolve("model");
        ModelMetadata metadata = export(modelDir);

        for (String file : List.of("saved_model.pb", "variables/variables.index", "metadata.json", "history.csv",
                "training-curves.png", "golden.jsonl")) {
            assertTrue(Files.isRegularFile(modelDir.resolve(file)), file);
        }
        byte[] png = Files.readAllBytes(modelDir.resolve("training-curves.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals("PNG", new String(png, 1, 3, StandardCharsets.US_ASCII));
        List<String> history = Files.readAllLines(modelDir.resolve("history.csv"));
        assertEquals("epoch,loss,accuracy,val_loss,val_accuracy,seconds", history.get(0));
        TrainingRun run = model.selection();
        assertEquals(run.history().size() + 1, history.size());
        for (int i = 0; i < run.history().size(); i++) {
            EpochResult written = EpochResult.fromCsv(history.get(i + 1));
            assertEquals(run.history().get(i).epoch(), written.epoch());
            assertEquals(run.history().get(i).valAccuracy(), written.valAccuracy(), 1e-6);
        }

        assertEquals(metadata.toString(), ModelMetadata.read(modelDir).toString());
        assertEquals(16, metadata.modelVersion().length());
        assertEquals(run.history().size(), metadata.epochsRun());
        assertEquals(run.bestEpoch(), metadata.bestEpoch());
        assertEquals("abc123", metadata.datasetSha256());
        assertEquals(300, metadata.testSize());
        assertEquals(1 << 14, ((Number) metadata.hyperparameters().get("buckets")).intValue());
        assertEquals(model.calibration().temperature(), metadata.temperature());
        assertEquals(model.calibration().logitScale(), metadata.logitScale());

        float[] trainerLogits;
        try (ServingGraph serving = new ServingGraph(run.best(), 1)) {
            trainerLogits = serving.logits(Trainer.texts(TEST));
        }
        try (SentimentModel served = SentimentModel.load(modelDir)) {
            float[] logits = served.logits(Trainer.texts(TEST));
            for (int i = 0; i < logits.length; i++) {
                assertEquals(trainerLogits[i] * metadata.logitScale(), logits[i], 1e-4, "review " + i);
            }
            BinaryMetrics servedMetrics = BinaryMetrics.of(logits, Trainer.labels(TEST));
            assertEquals(metadata.testAccuracy(), servedMetrics.accuracy());
            assertEquals(metadata.testLoss(), servedMetrics.logLoss(), 1e-9);
            assertEquals(metadata.testEce(), Reliability.of(logits, Trainer.labels(TEST)).ece(), 1e-9);
            assertEquals(metadata.modelVersion(), served.metadata().modelVersion());
            assertEquals(GoldenTexts.edgeCases().size() + 24, GoldenExamples.read(modelDir).examples().size());
        }
    }

    @Test
    void aBatchScoresAsEachTextAlone() throws IOException {
        Path modelDir = dir.resolve("model");
        export(modelDir);
        String review = TEST.get(0).text();
        // over 1 MB of UTF-8 in one batch: more than the model's first text buffer holds
        List<String> texts = List.of(review, review.repeat(2500), "", "это ужасно 😀", TEST.get(1).text().repeat(3000),
                review);
        try (SentimentModel served = SentimentModel.load(modelDir)) {
            float[] batch = served.logits(texts);
            for (int i = 0; i < texts.size(); i++) {
                assertEquals(served.logits(List.of(texts.get(i)))[0], batch[i], 1e-5f, "text " + i);
            }
            assertEquals(batch[0], batch[5], 1e-5f);
        }
    }

    @Test
    void sameWeightsGiveTheSameModelVersion() throws IOException {
        assertEquals(export(dir.resolve("a")).modelVersion(), export(dir.resolve("b")).modelVersion());
        // re-exporting over an existing model replaces it
        assertEquals(export(dir.resolve("a")).modelVersion(), ModelMetadata.read(dir.resolve("b")).modelVersion());
    }

    @Test
    void refusesModelsThatMustNotServeWithOneLineReasons() throws IOException {
        Path good = dir.resolve("good");
        export(good);
        assertRefused(dir.resolve("absent"), "model directory not found");
        assertRefused(Files.createDirectories(dir.resolve("empty")), "no saved_model.pb");
        assertRefused(BrokenModels.corruptGraph(good, dir.resolve("corrupt")), "cannot load the SavedModel");
        assertRefused(BrokenModels.goldenMismatch(good, dir.resolve("golden")), "golden check failed");
        assertRefused(BrokenModels.wrongSignature(good, dir.resolve("signature")),
                "model signature must map input 'text' to output 'logits'");
    }

    private static void assertRefused(Path modelDir, String reason) {
        ModelException e = assertThrows(ModelException.class, () -> SentimentModel.load(modelDir));
        assertTrue(e.getMessage().startsWith(reason), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
