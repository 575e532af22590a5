package org.sentimentstream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentimentstream.model.ModelMetadata;
import org.sentimentstream.model.SentimentModel;
import org.sentimentstream.model.TensorFlowRuntime;
import org.sentimentstream.trainer.imdb.ImdbReview;
import org.sentimentstream.trainer.testutils.SyntheticImdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Versioned models: published whole under their version by one rename, and never touched again. */
class ModelStoreTest {
    private static final List<ImdbReview> TEST = SyntheticImdb.reviews("test", 150, 42);
    private static TrainedModel first;
    private static TrainedModel second;

    @TempDir
    Path models;

    @BeforeAll
    static void train() {
        TensorFlowRuntime.engine();
        first = train(1);
        second = train(2);
    }

    /** The selection run's best epoch, exported as trained (no refit). */
    private static TrainedModel train(long seed) {
        DataSplit split = DataSplit.of(SyntheticImdb.reviews("train", 600, 11), 400, seed);
        TrainingRun run = new Trainer(TrainerTest.small(seed), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8)).train(split.train(), split.validation());
        TemperatureScaling calibration = TemperatureScaling.fit(run.validationLogits(),
                run.validationLabels());
        return new TrainedModel(run, run.best(), 0, calibration, run.seconds());
    }

    private static ModelMetadata export(TrainedModel run, Path dir) throws IOException {
        return ModelExport.write(dir, run, TEST, new ModelExport.Context(TrainerTest.small(1), "abc123", 800, 400,
                "CPU"));
    }

    @Test
    void aSecondModelIsAddedBesideTheFirstWhichStaysByteForByte() throws IOException {
        ModelStore.Published a = ModelStore.publish(models, dir -> export(first, dir));
        assertTrue(a.added());
        assertEquals(models.resolve(a.metadata().modelVersion()), a.dir());
        Map<String, String> before = contents(a.dir());

        ModelStore.Published b = ModelStore.publish(models, dir -> export(second, dir));
        assertTrue(b.added());
        assertNotEquals(a.metadata().modelVersion(), b.metadata().modelVersion());
        assertEquals(before, contents(a.dir()), "the first model is untouched");
        assertEquals(List.of(a.dir(), b.dir()).stream().sorted().toList(), entries(models));
        try (SentimentModel served = SentimentModel.load(a.dir())) {
            assertEquals(a.metadata().modelVersion(), served.metadata().modelVersion());
        }
    }

    @Test
    void theSameModelAgainKeepsThePublishedOne() throws IOException {
        ModelStore.Published a = ModelStore.publish(models, dir -> export(first, dir));
        Map<String, String> before = contents(a.dir());
        ModelStore.Published again = ModelStore.publish(models, dir -> export(first, dir));
        assertFalse(again.added());
        assertEquals(a.dir(), again.dir());
        assertEquals(before, contents(a.dir()), "metadata.json (with its training time) is not rewritten");
        assertEquals(List.of(a.dir()), entries(models), "no staging folder is left");
    }

    @Test
    void aModelIsInvisibleUnderItsVersionUntilWhollyWrittenAndACrashLeavesNothingThere() throws IOException {
        ModelStore.Published a = ModelStore.publish(models, dir -> export(first, dir));
        IOException crash = assertThrows(IOException.class, () -> ModelStore.publish(models, dir -> {
            ModelMetadata written = export(second, dir);
            // the whole model is written, but only into the staging folder: nothing is visible under its version
            assertFalse(Files.exists(models.resolve(written.modelVersion())));
            assertTrue(dir.getFileName().toString().startsWith(ModelStore.STAGING_PREFIX), dir.toString());
            throw new IOException("disk full");
        }));
        assertEquals("disk full", crash.getMessage());
        assertEquals(List.of(a.dir()), entries(models));
    }

    private static List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    /** Every file under dir, by relative path, with its size and modification time and a digest of its bytes. */
    private static Map<String, String> contents(Path dir) throws IOException {
        Map<String, String> contents = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                contents.put(dir.relativize(file).toString(), Files.size(file) + " "
                        + Files.getLastModifiedTime(file) + " " + java.util.Arrays.hashCode(Files.readAllBytes(file)));
            }
        }
        return contents;
    }
}
