package org.sentimentstream.job.testutils;

import org.sentimentstream.model.GoldenExamples;
import org.sentimentstream.model.ModelMetadata;
import org.sentimentstream.model.TensorFlowRuntime;
import org.sentimentstream.trainer.Hyperparameters;
import org.sentimentstream.trainer.ImdbTraining;
import org.sentimentstream.trainer.imdb.ImdbDataset;
import org.sentimentstream.trainer.imdb.ImdbReview;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Real models for the job's tests, trained in seconds on a slice of the shared IMDB training split (2^16 buckets,
 * 16 dims, 4 epochs, no refit) by the same code as {@code ./sentiment train}: the job's model (seed 1) and a
 * challenger (seed 2, 8 dims), a different model version with different predictions. Each is trained once per test
 * JVM.
 */
public final class TestModel {
    private static final Map<Long, Path> TRAINED = new HashMap<>();

    private TestModel() {}

    /** The job's model. */
    public static Path directory(ImdbDataset imdb) {
        return trained(imdb, 1, 16);
    }

    /** A second model, for the lifecycle tests: another seed and embedding size. */
    public static Path challenger(ImdbDataset imdb) {
        return trained(imdb, 2, 8);
    }

    /**
     * A copy of {@code model} in {@code target} whose first golden example records another logit: files that hash
     * as they are, and a model that fails its golden check.
     */
    public static Path withWrongGolden(Path model, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(model)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(model.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        List<String> golden = new ArrayList<>(Files.readAllLines(target.resolve(GoldenExamples.FILE)));
        golden.set(0, golden.get(0).replaceFirst("\"logit\":-?[0-9.eE-]+", "\"logit\":42.0"));
        Files.write(target.resolve(GoldenExamples.FILE), golden);
        return target;
    }

    private static synchronized Path trained(ImdbDataset imdb, long seed, int dims) {
        Path dir = TRAINED.get(seed);
        if (dir == null) {
            try {
                TensorFlowRuntime.engine();
                Path target = Files.createTempDirectory("sentiment-test-model");
                List<ImdbReview> train = imdb.train().stream().filter(r -> r.id().hashCode() % 4 == 0).toList();
                List<ImdbReview> test = imdb.test().stream().filter(r -> r.id().hashCode() % 50 == 0).toList();
                // no refit, so it trains in seconds
                Hyperparameters hp = new Hyperparameters(seed, 1 << 16, 2, dims, 8, 1, 256, 4, 2, 0.003, 1e-4, 1.0,
                        0.3, 1000, 1, false, true);
                PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
                ImdbTraining.run(hp, new ImdbDataset(train, test, imdb.sha256()), target, quiet);
                ModelMetadata.read(target);
                dir = target;
                TRAINED.put(seed, dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }
}
