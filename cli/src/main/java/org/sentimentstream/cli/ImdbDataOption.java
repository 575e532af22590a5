package org.sentimentstream.cli;

import org.sentimentstream.trainer.imdb.ImdbDataset;
import org.sentimentstream.trainer.imdb.ImdbLocator;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code --data} option of every command that reads IMDB, and the reading: one description, one lookup order. */
public final class ImdbDataOption {
    @Option(names = "--data", paramLabel = "PATH",
            description = "IMDB archive (.tar.gz) or extracted aclImdb folder. Default: $IMDB_DATA, then "
                    + "../shared/imdb/aclImdb-labeled.tar.gz beside the checkout, then the cached download, then a "
                    + "download of the official archive.")
    Path data;

    /** Both splits, from {@code --data} or the standard places ({@link ImdbLocator}). */
    public ImdbDataset read() {
        return ImdbLocator.standard().read(data);
    }
}
