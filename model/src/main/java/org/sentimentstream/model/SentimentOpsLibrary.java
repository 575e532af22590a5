package org.sentimentstream.model;

import org.tensorflow.TensorFlow;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Registers our TensorFlow ops, {@code ReviewNgrams} (all text preprocessing, for training) and
 * {@code ReviewNgramSums} (the same, with the embedding sum, for serving), from {@code src/main/c}, compiled by this
 * module's build into {@value #RESOURCE} and shipped in its jar. TensorFlow loads op libraries from files only: the
 * library is written once per content into the temporary folder, then loaded; where that folder is mounted noexec,
 * {@value #LIBRARY_ENV} names a copy to load instead. Every model's graph needs it, for training and serving alike.
 */
final class SentimentOpsLibrary {
    static final String RESOURCE = "libsentiment_ops.so";
    /** Names a copy of the library to load instead of writing one to the temporary folder (checked to be ours). */
    static final String LIBRARY_ENV = "SENTIMENT_OPS_LIBRARY";

    private SentimentOpsLibrary() {}

    static void load() {
        byte[] library;
        try (InputStream in = SentimentOpsLibrary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new ModelException(RESOURCE + " is missing from the classpath: build with Maven, which "
                        + "compiles it (gcc)");
            }
            library = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        String hash = Sha256.shortHex(library);
        String configured = System.getenv(LIBRARY_ENV);
        Path file = configured != null && !configured.isBlank() ? checked(Path.of(configured), hash)
                : written(library, hash);
        try {
            TensorFlow.loadLibrary(file.toString());
        } catch (UnsatisfiedLinkError e) {
            throw new ModelException("cannot load our TensorFlow ops from " + file + " (" + e.getMessage()
                    + "); where the temporary folder is mounted noexec, set " + LIBRARY_ENV + " to a copy of "
                    + RESOURCE + " elsewhere, as the images do", e);
        }
    }

    /** The configured library, if it is this build's. */
    private static Path checked(Path file, String hash) {
        try {
            if (!Sha256.shortHex(Files.readAllBytes(file)).equals(hash)) {
                throw new ModelException(LIBRARY_ENV + "=" + file + " is not the op library of this build");
            }
        } catch (IOException e) {
            throw new ModelException(LIBRARY_ENV + "=" + file + " cannot be read (" + e.getMessage() + ")", e);
        }
        return file;
    }

    /** The library written into the temporary folder, once per content. */
    private static Path written(byte[] library, String hash) {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "sentiment-stream", "sentiment_ops-" + hash + ".so");
        try {
            if (!Files.isRegularFile(file)) {
                Files.createDirectories(file.getParent());
                Path partial = Files.createTempFile(file.getParent(), "sentiment_ops", ".partial");
                Files.write(partial, library);
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the op library " + RESOURCE, e);
        }
        return file;
    }
}
