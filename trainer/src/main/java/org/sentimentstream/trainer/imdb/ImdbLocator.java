package org.sentimentstream.trainer.imdb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Decides where IMDB comes from, first match wins: an explicit {@code --data PATH}, the {@code IMDB_DATA}
 * environment variable, a previously downloaded archive in the cache, a fresh download of the official archive.
 *
 * @param cacheDir folder holding {@code aclImdb_v1.tar.gz} once downloaded
 * @param download where and what to download when nothing else is there
 * @param environment the process environment (a parameter so tests can vary it)
 */
public record ImdbLocator(Path cacheDir, ImdbDownload download, Map<String, String> environment) {
    /** Environment variable naming an archive or an extracted folder. */
    public static final String ENV = "IMDB_DATA";

    /** The locator users get: the user cache ({@code SENTIMENT_CACHE} or ~/.cache/sentiment-stream) and Stanford. */
    public static ImdbLocator standard() {
        return new ImdbLocator(cacheRoot().resolve("imdb"), ImdbDownload.OFFICIAL, System.getenv());
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
