package org.sentimentstream.job.join;

/**
 * The 128-bit MurmurHash3 (x64 variant, seed 0) of a review id's chars, each as 2 bytes little-endian (Guava's
 * {@code hashUnencodedChars}), computed without copying them: the identity under which {@link LabelJoin} keeps a review. Two ids share a fingerprint with
 * probability about n²/2¹²⁹ among n ids held at once: about 10⁻²⁴ for ten million.
 *
 * <p>Mutable and reused: {@link #of} overwrites {@link #high()} and {@link #low()}.
 */
final class ReviewFingerprint {
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private long high;
    private long low;

    /** Fingerprints {@code id}; returns this. */
    ReviewFingerprint of(String id) {
        int length = id.length();
        int blocks = length >>> 3; // 8 chars: 16 bytes
        long h1 = 0;
        long h2 = 0;
        for (int block = 0; block < blocks; block++) {
            int at = block << 3;
            long k1 = chars(id, at, 4);
            long k2 = chars(id, at + 4, 4);
            h1 ^= mixK1(k1);
            h1 = Long.rotateLeft(h1, 27) + h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mixK2(k2);
            h2 = Long.rotateLeft(h2, 31) + h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int tail = length & 7;
        int at = blocks << 3;
        if (tail > 4) {
            h2 ^= mixK2(chars(id, at + 4, tail - 4));
        }
        if (tail > 0) {
            h1 ^= mixK1(chars(id, at, Math.min(tail, 4)));
        }
        long bytes = 2L * length;
        h1 ^= bytes;
        h2 ^= bytes;
        h1 += h2;
        h2 += h1;
        h1 = fmix64(h1);
        h2 = fmix64(h2);
        h1 += h2;
        h2 += h1;
        high = h1;
        low = h2;
        return this;
    }

    /** The hash's first 8 bytes, little-endian (what Guava's {@code HashCode.asLong()} gives). */
    long high() {
        return high;
    }

    /** The hash's last 8 bytes, little-endian. */
    long low() {
        return low;
    }

    /** {@code count} (at most 4) chars from {@code at}, the first in the lowest 16 bits. */
    private static long chars(String id, int at, int count) {
        long k = 0;
        for (int i = count - 1; i >= 0; i--) {
            k = (k << 16) | id.charAt(at + i);
        }
        return k;
    }

    private static long mixK1(long k1) {
        return Long.rotateLeft(k1 * C1, 31) * C2;
    }

    private static long mixK2(long k2) {
        return Long.rotateLeft(k2 * C2, 33) * C1;
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
