package org.sentimentstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code train} writes one model folder or adds a version to a folder of models, never both at once. */
class TrainCommandTest {
    @TempDir
    Path dir;

    @Test
    void aModelFolderAndAFolderOfVersionsAreExclusive() {
        CliRun both = CliRun.of("train", "--model-dir", dir.resolve("model").toString(), "--models-dir",
                dir.resolve("models").toString());
        assertEquals(2, both.exitCode());
        assertTrue(both.err().startsWith("give --model-dir or --models-dir, not both"), both.err());
        assertFalse(Files.exists(dir.resolve("models")), "nothing is written");
    }
}
