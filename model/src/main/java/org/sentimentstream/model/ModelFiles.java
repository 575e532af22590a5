package org.sentimentstream.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The checksum a model command carries ({@code ModelCommand.sha256}): SHA-256 over every regular file of a model
 * directory in sorted relative-path order ({@code /}-separated), each as its path, a 0 byte, its length as 8
 * big-endian bytes and its bytes. Paths are part of it, so a renamed or a missing file changes it too.
 */
public final class ModelFiles {
    private ModelFiles() {}

    /** The 64 hex digits of {@code dir}'s checksum; throws {@link ModelException} when it cannot be read. */
    public static String sha256(Path dir) {
        ModelException.requireDirectory(dir);
        MessageDigest digest = Sha256.digest();
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted(
                    (a, b) -> relative(dir, a).compareTo(relative(dir, b))).toList();
            byte[] buffer = new byte[1 << 16];
            for (Path file : files) {
                digest.update(relative(dir, file).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(ByteBuffer.allocate(8).putLong(Files.size(file)).array());
                try (InputStream in = Files.newInputStream(file)) {
                    for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                        digest.update(buffer, 0, n);
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new ModelException("cannot read the files of " + dir + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }
}
