package org.sentimentstream.trainer.graph;

/**
 * How text becomes features inside the graph.
 *
 * @param buckets size of the hashed n-gram vocabulary
 * @param maxNgram longest word n-gram (1 = unigrams, 2 = uni+bigrams, ...)
 */
public record FeatureSpec(int buckets, int maxNgram) {
    public FeatureSpec {
        if (buckets < 2 || maxNgram < 1) {
            throw new IllegalArgumentException("buckets >= 2 and maxNgram >= 1 required");
        }
    }
}
