package org.sentimentstream.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

class ModelFilesTest {

    private static Path model(Path dir) throws Exception {
        Files.writeString(dir.resolve("a.txt"), "abc", StandardCharsets.UTF_8);
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/b.bin"), "xyz\n", StandardCharsets.UTF_8);
        return dir;
    }

    @Test
    void hashesPathsLengthsAndBytesInPathOrder(@TempDir Path dir) throws Exception {
        // the documented layout, computed independently: sha256(b"a.txt\0" + be64(3) + b"abc" + b"sub/b.bin\0" + ...)
        assertEquals("7a1cb474c5814d8c225291306ae86f79bc669a97b139b5f0e0b69761db9b8de8",
                ModelFiles.sha256(model(dir)));
    }

    @Test
    void aChangedByteARenamedFileOrAMissingOneChangesIt(@TempDir Path root) throws Exception {
        String original = ModelFiles.sha256(model(Files.createDirectories(root.resolve("m"))));

        Path changed = model(Files.createDirectories(root.resolve("changed")));
        Files.writeString(changed.resolve("a.txt"), "abd", StandardCharsets.UTF_8);
        assertNotEquals(original, ModelFiles.sha256(changed));

        Path renamed = model(Files.createDirectories(root.resolve("renamed")));
        Files.move(renamed.resolve("a.txt"), renamed.resolve("c.txt"));
        assertNotEquals(original, ModelFiles.sha256(renamed));

        Path missing = model(Files.createDirectories(root.resolve("missing")));
        Files.delete(missing.resolve("sub/b.bin"));
        assertNotEquals(original, ModelFiles.sha256(missing));
    }

    @Test
    void aMissingDirectoryIsAModelException(@TempDir Path root) {
        assertThrows(ModelException.class, () -> ModelFiles.sha256(root.resolve("absent")));
    }
}
