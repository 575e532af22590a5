package org.sentimentstream.job.join;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.flink.shaded.guava33.com.google.common.hash.HashCode;
import org.apache.flink.shaded.guava33.com.google.common.hash.Hashing;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

class ReviewFingerprintTest {
    private final ReviewFingerprint fingerprint = new ReviewFingerprint();

    private void assertMurmur3(String id) {
        HashCode expected = Hashing.murmur3_128().hashUnencodedChars(id); // each char as 2 bytes, little-endian
        ByteBuffer bytes = ByteBuffer.wrap(expected.asBytes()).order(ByteOrder.LITTLE_ENDIAN);
        fingerprint.of(id);
        assertEquals(bytes.getLong(), fingerprint.high(), id);
        assertEquals(bytes.getLong(), fingerprint.low(), id);
    }

    @Test
    void isGuavasMurmur3Of128BitsOverUtf16LittleEndianForEveryTailLength() {
        StringBuilder id = new StringBuilder();
        for (int length = 0; length <= 40; length++) { // 0-7 chars past 0-5 whole blocks of 8
            assertMurmur3(id.toString());
            id.append((char) ('a' + length % 26));
        }
    }

    @Test
    void isGuavasMurmur3ForIdsOfAnyChars() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 2000; i++) {
            char[] chars = new char[random.nextInt(60)];
            for (int c = 0; c < chars.length; c++) {
                chars[c] = (char) random.nextInt(Character.MAX_VALUE + 1); // high bits and lone surrogates too
            }
            assertMurmur3(new String(chars));
        }
        assertMurmur3("train/pos/10021_7#3");
        assertMurmur3("критика-ревю-№5");
    }
}
