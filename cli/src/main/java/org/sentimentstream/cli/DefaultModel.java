package org.sentimentstream.cli;

import org.sentimentstream.model.ModelMetadata;
import org.sentimentstream.trainer.Hyperparameters;
import org.sentimentstream.trainer.ImdbTraining;
import org.sentimentstream.trainer.imdb.ImdbDataset;
import org.sentimentstream.trainer.imdb.ImdbLocator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The model that commands serve when none is named: trained once per machine with the default hyperparameters
 * and cached. The folder name changes with the graph and the default hyperparameters, so a cache from older ones is
 * not served.
 */
public final class DefaultModel {
    /** Cache folder name, bumped whenever the graph or the default hyperparameters change. */
    public static final String NAME = "imdb-seed1-v7";

    private DefaultModel() {}

    /** Where the default model lives: {@code ~/.cache/sentiment-stream/models/imdb-seed1-v7}. */
    public static Path dir() {
        return ImdbLocator.cacheRoot().resolve("models").resolve(NAME);
    }

    /** {@code dir}, or the default model's folder when null; trained first if it holds no model yet. */
    public static Path resolve(Path dir, ImdbDataset imdb) throws IOException {
        Path model = dir != null ? dir : dir();
        if (!Files.isRegularFile(model.resolve(ModelMetadata.FILE))) {
            System.err.println("no model in " + model + ": training one first (seed 1, a few minutes on 2 cores)");
            ImdbTraining.run(Hyperparameters.defaults(), imdb, model, System.err);
        }
        return model;
    }
}
