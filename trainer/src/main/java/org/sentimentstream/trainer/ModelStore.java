package org.sentimentstream.trainer;

import org.sentimentstream.model.ModelMetadata;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A folder of immutable, versioned models, {@code DIR/<model_version>/}: a new model is written into a fresh staging
 * folder beside them and renamed into place in one atomic step, so a reader (the job) finds a whole model under a
 * version or nothing, and a published model is never deleted or rewritten. A crash leaves only a staging folder
 * ({@code .staging-*}), never a partial model under a version name.
 */
public final class ModelStore {
    /** Prefix of the staging folders: hidden, and never a model version. */
    static final String STAGING_PREFIX = ".staging-";
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private ModelStore() {}

    /** Writes one model into the folder it is given and returns its metadata. */
    @FunctionalInterface
    public interface Writer {
        ModelMetadata write(Path dir) throws IOException;
    }

    /**
     * The model under its version: its folder, its metadata, and whether this call added it (false when a model of
     * the same version, the same graph and weights, was already there and was kept as it is).
     */
    public record Published(Path dir, ModelMetadata metadata, boolean added) {}

    /** Writes a model with {@code writer} into a staging folder in {@code models}, then publishes it by renaming. */
    public static Published publish(Path models, Writer writer) throws IOException {
        Files.createDirectories(models);
        Path staging = Files.createTempDirectory(models, STAGING_PREFIX);
        try {
            ModelMetadata metadata = writer.write(staging);
            String version = metadata.modelVersion();
            if (!VERSION.matcher(version).matches()) {
                throw new IOException("model version '" + version + "' cannot name a folder");
            }
            Path target = models.resolve(version);
            if (!Files.exists(target)) {
                try {
                    // rename(2): atomic, and it fails rather than replace a folder another trainer published meanwhile
                    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                    return new Published(target, metadata, true);
                } catch (FileSystemException e) {
                    if (!Files.isDirectory(target)) {
                        throw e;
                    }
                }
            }
            return new Published(target, ModelMetadata.read(target), false);
        } finally {
            deleteRecursively(staging);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
