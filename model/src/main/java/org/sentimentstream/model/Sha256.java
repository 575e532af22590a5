package org.sentimentstream.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, the one digest the project uses: the IMDB archive's checksum, a model's version and the op library's file
 * name.
 */
public final class Sha256 {
    private Sha256() {}

    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The first 16 hex digits of the finished digest: our short content hashes. */
    public static String shortHex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    }

    /** The first 16 hex digits of the SHA-256 of {@code bytes}. */
    public static String shortHex(byte[] bytes) {
        MessageDigest digest = digest();
        digest.update(bytes);
        return shortHex(digest);
    }
}
