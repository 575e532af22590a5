package org.sentimentstream.local;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.FileUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A temporary checkpoint directory for a Flink inside this JVM, deleted on close or, failing that, when the JVM
 * exits. A real cluster names its own ({@code execution.checkpointing.dir} in k8s/ and docker/); without one, Flink
 * keeps checkpoints in the job manager's memory and fails every checkpoint in which one subtask's state passes 5 MB,
 * as the label join's pending predictions do behind a large backlog, and the job then restarts forever.
 */
public final class LocalCheckpoints implements AutoCloseable {
    private final Path directory;
    private final Thread deleteAtExit;

    private LocalCheckpoints(Path directory) {
        this.directory = directory;
        this.deleteAtExit = new Thread(this::delete, "delete-local-checkpoints");
        Runtime.getRuntime().addShutdownHook(deleteAtExit);
    }

    public static LocalCheckpoints create() throws IOException {
        return new LocalCheckpoints(Files.createTempDirectory("sentiment-checkpoints-"));
    }

    /** {@code settings} with this directory as the checkpoint directory. */
    public Configuration applyTo(Configuration settings) {
        Configuration configuration = new Configuration(settings);
        configuration.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, directory.toUri().toString());
        return configuration;
    }

    public Path directory() {
        return directory;
    }

    private void delete() {
        FileUtils.deleteDirectoryQuietly(directory.toFile());
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(deleteAtExit);
        } catch (IllegalStateException shuttingDown) {
            return; // the hook is running or about to
        }
        delete();
    }
}
