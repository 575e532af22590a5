package org.sentimentstream.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import org.sentimentstream.model.SentimentModel;
import org.sentimentstream.model.TensorFlowRuntime;
import org.sentimentstream.trainer.graph.ServingGraph;
import org.sentimentstream.trainer.imdb.ImdbReview;
import org.sentimentstream.trainer.testutils.SyntheticImdb;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TString;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Export, then load with the DJL TensorFlow engine exactly as the job will: the round trip must be exact. */
class ModelExportTest {
    private static TrainingRun run;
    private static final List<ImdbReview> TEST = SyntheticImdb.reviews("test", 150, 42);

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        TensorFlowRuntime.engine();
        List<ImdbReview> reviews = SyntheticImdb.reviews("train", 600, 11);
        DataSplit split = DataSplit.of(reviews, 400, 1);
        run = new Trainer(TrainerTest.small(1), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8)).train(split.train(), split.validation());
    }

    private ModelMetadata export(Path modelDir) throws IOException {
        return ModelExport.write(modelDir, run, TEST,
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
        assertEquals("epoch,loss,accuracy,val_loss,val_accuracy", history.get(0));
        assertEquals(run.history().size() + 1, history.size());

        assertEquals(metadata.toString(), ModelMetadata.read(modelDir).toString());
        assertEquals(16, metadata.modelVersion().length());
        assertEquals(run.history().size(), metadata.epochsRun());
        assertEquals(run.bestEpoch(), metadata.bestEpoch());
        assertEquals("abc123", metadata.datasetSha256());
        assertEquals(300, metadata.testSize());
        assertEquals(1 << 14, ((Number) metadata.hyperparameters().get("buckets")).intValue());

        float[] trainerLogits;
        try (ServingGraph serving = new ServingGraph(run.best(), 1)) {
            trainerLogits = serving.logits(Trainer.texts(TEST));
        }
        try (SentimentModel model = SentimentModel.load(modelDir)) {
            float[] served = model.logits(Trainer.texts(TEST));
            assertArrayEquals(trainerLogits, served, 1e-5f);
            BinaryMetrics servedMetrics = BinaryMetrics.of(served, Trainer.labels(TEST));
            assertEquals(metadata.testAccuracy(), servedMetrics.accuracy());
            assertEquals(metadata.modelVersion(), model.metadata().modelVersion());
            assertEquals(GoldenTexts.edgeCases().size() + 24, GoldenExamples.read(modelDir).examples().size());
        }
    }

    @Test
    void sameWeightsGiveTheSameModelVersion() throws IOException {
        assertEquals(export(dir.resolve("a")).modelVersion(), export(dir.resolve("b")).modelVersion());
        // re-exporting over an existing model replaces it
        assertEquals(export(dir.resolve("a")).modelVersion(), ModelMetadata.read(dir.resolve("b")).modelVersion());
    }

    @Test
    void refusesAModelThatDoesNotReproduceItsGoldenLogits() throws IOException {
        Path modelDir = dir.resolve("model");
        export(modelDir);
        GoldenExamples golden = GoldenExamples.read(modelDir);
        List<GoldenExamples.Example> shifted = golden.examples().stream()
                .map(e -> new GoldenExamples.Example(e.text(), e.logit() + (e.text().isEmpty() ? 0.01f : 0f)))
                .toList();
        new GoldenExamples(shifted).write(modelDir);

        ModelException e = assertThrows(ModelException.class, () -> SentimentModel.load(modelDir));
        assertTrue(e.getMessage().startsWith("golden check failed"), e.getMessage());
    }

    @Test
    void refusesMissingOrCorruptModels() throws IOException {
        ModelException missing = assertThrows(ModelException.class,
                () -> SentimentModel.load(dir.resolve("absent")));
        assertTrue(missing.getMessage().startsWith("model directory not found"), missing.getMessage());

        Path empty = Files.createDirectories(dir.resolve("empty"));
        ModelException notSaved = assertThrows(ModelException.class, () -> SentimentModel.load(empty));
        assertTrue(notSaved.getMessage().startsWith("no saved_model.pb"), notSaved.getMessage());

        Path corrupt = dir.resolve("corrupt");
        export(corrupt);
        Files.writeString(corrupt.resolve("saved_model.pb"), "definitely not a protobuf");
        ModelException bad = assertThrows(ModelException.class, () -> SentimentModel.load(corrupt));
        assertTrue(bad.getMessage().startsWith("cannot load the SavedModel"), bad.getMessage());
    }

    @Test
    void refusesAModelWithTheWrongSignature() throws IOException {
        Path good = dir.resolve("good");
        export(good);
        Path wrong = dir.resolve("wrong");
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Placeholder<TString> input = tf.placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
            Signature signature = Signature.builder().key(Signature.DEFAULT_KEY).input("sentence", input)
                    .output("scores", tf.strings.stringLength(input)).build();
            SavedModelBundle.exporter(wrong.toString()).withSession(session).withSignature(signature).export();
        }
        for (String file : List.of(ModelMetadata.FILE, GoldenExamples.FILE)) {
            Files.copy(good.resolve(file), wrong.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        ModelException e = assertThrows(ModelException.class, () -> SentimentModel.load(wrong));
        assertTrue(e.getMessage().startsWith("model signature must map input 'text' to output 'logits'"),
                e.getMessage());
    }
}
