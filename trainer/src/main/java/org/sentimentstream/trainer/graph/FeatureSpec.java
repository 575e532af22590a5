package org.sentimentstream.trainer.graph;

import org.sentimentstream.model.TensorFlowRuntime;
import org.tensorflow.Operand;
import org.tensorflow.OperationBuilder;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TString;

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

    /**
     * Starts one of our ops ({@code ReviewNgrams}, {@code ReviewNgramSums}; registered by
     * {@link TensorFlowRuntime#engine()}) on {@code texts}, with these settings as its attributes.
     */
    OperationBuilder op(Ops tf, String type, String name, Operand<TString> texts) {
        TensorFlowRuntime.engine();
        return tf.scope().opBuilder(type, name)
                .addInput(texts.asOutput())
                .setAttr("bucket_bits", (long) bucketBits())
                .setAttr("max_ngram", (long) maxNgram());
    }

    /** Bits of a bucket number: {@code buckets == 1 << bucketBits()}. */
    public int bucketBits() {
        return Integer.numberOfTrailingZeros(buckets);
    }
}
