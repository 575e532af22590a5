package org.sentimentstream.trainer.testutils;

import org.sentimentstream.trainer.imdb.ImdbArchive;
import org.sentimentstream.trainer.imdb.ImdbDataset;
import org.sentimentstream.trainer.imdb.ImdbLocator;

import java.nio.file.Path;

/**
 * The real IMDB dataset for the tests that need it, found as the commands find it ({@link ImdbLocator#standard()}):
 * {@code IMDB_DATA}, the archive in {@code ../shared/imdb} beside the checkout, the cache, then the official
 * download. Located once per test JVM; read by each caller, so no test class holds another's copy.
 */
public final class RealImdb {
    private static Path path;

    private RealImdb() {}

    /** The archive or extracted folder the tests read. */
    public static synchronized Path path() {
        if (path == null) {
            path = ImdbLocator.standard().locate(null).toAbsolutePath();
        }
        return path;
    }

    /** Both splits of {@link #path()}. */
    public static ImdbDataset dataset() {
        return ImdbArchive.read(path());
    }
}
