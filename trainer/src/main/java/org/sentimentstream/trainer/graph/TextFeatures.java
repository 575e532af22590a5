package org.sentimentstream.trainer.graph;

import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * The in-graph text preprocessing, the one place that turns raw reviews into features, used by the training
 * graph, the naive-Bayes counts and the served graph alike. It is one op, {@code ReviewNgrams}
 * ({@code model/src/main/c/review_ngrams.c}), which reads each review's bytes once: words are runs of letters and
 * digits (markup such as {@code <br />}, punctuation, symbols, emoji and control characters separate them), ASCII
 * letters are lowercased, each word is hashed once and each n-gram's hash chained from its words' hashes, and every
 * review yields one feature per distinct bucket of each n-gram width (presence, not counts), unigrams first.
 *
 * <p>It replaced a chain of TensorFlow string kernels (regex, lowercase, split, hash, n-gram, unique), several times
 * as costly: each of those kernels made its own pass and its own copies (docs/benchmarks.md).
 *
 * @param rows review index (0-based in the batch) of each feature, ascending
 * @param buckets hashed n-gram bucket of each feature; a bucket appears at most once per review and width
 * @param counts number of features per review, {@code [batch]}
 * @param batch number of reviews, scalar
 */
public record TextFeatures(Operand<TInt64> rows, Operand<TInt64> buckets, Operand<TFloat32> counts,
        Operand<TInt64> batch) {

    /** Type of the op. */
    static final String OP = "ReviewNgrams";

    public static TextFeatures of(Ops tf, Operand<TString> texts, FeatureSpec spec) {
        Operation ngrams = spec.op(tf, OP, "ngrams", texts).build();
        return new TextFeatures(ngrams.output(0), ngrams.output(1), ngrams.output(2), tf.size(texts, TInt64.class));
    }
}
