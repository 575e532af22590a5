package org.sentimentstream.trainer.imdb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Decides where IMDB comes from, first match wins: an explicit {@code --data PATH}, the {@code IMDB_DATA}
 * environment variable, the archive in {@code ../shared/imdb} beside the checkout when there is one, a previously
 * downloaded archive in the cache, a fresh download of the official archive. The commands and the tests that read
 * IMDB follow this one order.
 *
 * @param shared an archive read when it exists, or {@code null} for no such step ({@link #besideCheckout})
 * @param cacheDir folder holding {@code aclImdb_v1.tar.gz} once downloaded
 * @param download where and what to download when nothing else is there
 * @param environment the process environment (a parameter so tests can vary it)
 */
public record ImdbLocator(Path shared, Path cacheDir, ImdbDownload download, Map<String, String> environment) {
    /** Environment variable naming an archive or an extracted folder. */
    public static final String ENV = "IMDB_DATA";

    /** System property naming the checkout's root folder, set by {@code ./sentiment} and by the build for tests. */
    public static final String CHECKOUT_ROOT = "sentiment.root";

    /**
     * The locator commands and tests get: the archive beside the checkout (when {@value #CHECKOUT_ROOT} is set), the
     * user cache ({@code SENTIMENT_CACHE} or ~/.cache/sentiment-stream) and Stanford.
     */
    public static ImdbLocator standard() {
        String root = System.getProperty(CHECKOUT_ROOT);
        Path shared = root == null || root.isBlank() ? null : besideCheckout(Path.of(root));
        return new ImdbLocator(shared, cacheRoot().resolve("imdb"), ImdbDownload.OFFICIAL, System.getenv());
    }

    /** {@code ../shared/imdb/aclImdb-labeled.tar.gz} from the checkout's root: one archive for all clones beside it. */
    public static Path besideCheckout(Path root) {
        return root.toAbsolutePath().resolve("../shared/imdb/aclImdb-labeled.tar.gz").normalize();
    }

    /** The user cache of the project: {@code SENTIMENT_CACHE}, else {@code ~/.cache/sentiment-stream}. */
    public static Path cacheRoot() {
        String cache = System.getenv("SENTIMENT_CACHE");
        return cache != null && !cache.isBlank()
                ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache", "sentiment-stream");
    }

    /** Returns the path to read, downloading the official archive if nothing else names one. */
    public Path locate(Path explicit) {
        if (explicit != null) {
            return existing(explicit, "--data");
        }
        String fromEnv = environment.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return existing(Path.of(fromEnv), ENV);
        }
        if (shared != null && Files.isRegularFile(shared)) {
            return shared;
        }
        Path cached = cacheDir.resolve("aclImdb_v1.tar.gz");
        if (Files.isRegularFile(cached)) {
            return cached;
        }
        return download.fetch(cached);
    }

    private static Path existing(Path path, String origin) {
        if (!Files.exists(path)) {
            throw new DataException("IMDB data not found: " + path + " (from " + origin + ")");
        }
        return path;
    }

    /** Locates and reads the dataset. */
    public ImdbDataset read(Path explicit) {
        return ImdbArchive.read(locate(explicit));
    }
}
