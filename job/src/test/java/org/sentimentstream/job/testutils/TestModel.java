package org.sentimentstream.job.testutils;

import org.sentimentstream.model.ModelMetadata;
import org.sentimentstream.model.TensorFlowRuntime;
import org.sentimentstream.trainer.DataSplit;
import org.sentimentstream.trainer.Hyperparameters;
import org.sentimentstream.trainer.ModelExport;
import org.sentimentstream.trainer.Trainer;
import org.sentimentstream.trainer.TrainingRun;
import org.sentimentstream.trainer.imdb.ImdbDataset;
import org.sentimentstream.trainer.imdb.ImdbReview;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real model for the job's tests, trained in seconds on a slice of the shared IMDB training split (2^16 buckets,
 * 16 dims, 4 epochs) and exported exactly like {@code ./sentiment train} does. Trained once per test JVM.
 */
public final class TestModel {
    private static Path dir;

    private TestModel() {}

    public static synchronized Path directory(ImdbDataset imdb) {
        if (dir == null) {
            try {
                TensorFlowRuntime.engine();
                Path target = Files.createTempDirectory("sentiment-test-model");
                List<ImdbReview> train = imdb.train().stream().filter(r -> r.id().hashCode() % 4 == 0).toList();
                Hyperparameters hp = new Hyperparameters(1, 1 << 16, 2, 16, 8, 256, 4, 2, 0.003, 1e-4, 1.0, 0.3,
                        1000, 1);
                DataSplit split = DataSplit.of(train, 1000, 1);
                PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
                TrainingRun run = new Trainer(hp, quiet).train(split.train(), split.validation());
                ModelExport.write(target, run, imdb.test().stream().filter(r -> r.id().hashCode() % 50 == 0).toList(),
                        new ModelExport.Context(hp, imdb.sha256(), split.train().size(), 1000, "CPU"));
                ModelMetadata.read(target);
                dir = target;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }
}
