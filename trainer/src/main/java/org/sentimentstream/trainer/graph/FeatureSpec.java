package org.sentimentstream.trainer.graph;

/**
 * How text becomes features inside the graph.
 *
 * @param buckets size of the hashed n-gram vocabulary, a power of two (a bucket is the hash's low bits)
 * @param maxNgram longest word n-gram (1 = unigrams, 2 = uni+bigrams, ... up to 8)
 */
public record FeatureSpec(int buckets, int maxNgram) {
    public FeatureSpec {
        if (buckets < 2 || Integer.bitCount(buckets) != 1 || maxNgram < 1 || maxNgram > 8) {
            throw new IllegalArgumentException("buckets must be a power of two >= 2 and maxNgram 1..8");
        }
    }

    /** Bits of a bucket number: {@code buckets == 1 << bucketBits()}. */
    public int bucketBits() {
        return Integer.numberOfTrailingZeros(buckets);
    }
}
