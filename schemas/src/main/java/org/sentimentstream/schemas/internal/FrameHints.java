package org.sentimentstream.schemas.internal;

import java.nio.ByteBuffer;

/** What bytes rejected by one format look like in another, so a dead letter says which format to set. */
public final class FrameHints {
    private FrameHints() {}

    /** A hint for bytes that are not in {@code expected}, starting with "; ", or "" when they look like nothing. */
    public static String otherFormat(byte[] bytes, String expected) {
        String looksLike = looksLike(bytes);
        return looksLike == null || looksLike.startsWith(expected + " ") ? ""
                : "; they look like " + looksLike + ": read this topic with that format";
    }

    private static String looksLike(byte[] bytes) {
        if (bytes.length >= 10 && bytes[0] == (byte) 0xC3 && bytes[1] == 0x01) {
            return "avro (single-object encoding, marker C3 01)";
        }
        if (bytes.length >= 5 && bytes[0] == 0) {
            return "confluent-avro (magic byte 0, schema id " + ByteBuffer.wrap(bytes, 1, 4).getInt() + ")";
        }
        for (byte b : bytes) {
            if (b == '{') {
                return "json (an object)";
            }
            if (!Character.isWhitespace(b)) {
                return null;
            }
        }
        return null;
    }
}
