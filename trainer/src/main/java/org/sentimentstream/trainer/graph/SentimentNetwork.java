package org.sentimentstream.trainer.graph;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The network as trained: each distinct n-gram's embedding scaled by its naive-Bayes log-count ratio, summed per
 * review and divided by the square root of the review's n-gram count, then Dense(hidden, ReLU) and Dense(1) to a
 * logit. {@link ServedNetwork} computes the same function with the ratios folded into the table.
 *
 * @param embedded gathered embedding rows, one per feature: training takes its gradient here and applies it to the
 *     touched table rows only
 * @param logits one logit per review, {@code [batch]}
 */
public record SentimentNetwork(Operand<TFloat32> embedded, Operand<TFloat32> logits) {

    /** The network without dropout, as the trainer evaluates it. */
    public static SentimentNetwork of(Ops tf, TextFeatures features, Parameters p) {
        return build(tf, features, p, null);
    }

    /**
     * The network with feature dropout, for training: each n-gram feature is kept with probability
     * {@code 1 - rate} (scaled by {@code 1 / (1 - rate)}), drawn from a stateless generator so a seed fixes it.
     *
     * @param seed {@code int64[2]}, a different value every step
     */
    public static SentimentNetwork withDropout(Ops tf, TextFeatures features, Parameters p, double rate,
            Operand<TInt64> seed) {
        Operand<TFloat32> uniform = tf.random.statelessRandomUniform(tf.shape(features.buckets()), seed,
                TFloat32.class);
        Operand<TFloat32> keep = tf.math.div(
                tf.dtypes.cast(tf.math.greaterEqual(uniform, tf.constant((float) rate)), TFloat32.class),
                tf.constant((float) (1 - rate)));
        return build(tf, features, p, keep);
    }

    private static SentimentNetwork build(Ops tf, TextFeatures features, Parameters p,
            Operand<TFloat32> keep) {
        Operand<TFloat32> embedded = tf.gather(p.table(), features.buckets(), tf.constant(0));
        Operand<TFloat32> nb = tf.gather(p.nbWeights(), features.buckets(), tf.constant(0));
        if (keep != null) {
            nb = tf.math.mul(nb, keep);
        }
        Operand<TFloat32> weighted = tf.math.mul(embedded, tf.expandDims(nb, tf.constant(-1)));
        Operand<TFloat32> pooled = tf.math.unsortedSegmentSum(weighted, features.rows(), features.batch());
        return new SentimentNetwork(embedded, head(tf, pooled, features.counts(), p.w1(), p.b1(), p.w2(), p.b2()));
    }

    /**
     * From the summed embeddings of each review and its feature count to its logit: sqrt-n scaling, Dense(hidden,
     * ReLU), Dense(1).
     */
    static Operand<TFloat32> head(Ops tf, Operand<TFloat32> pooled, Operand<TFloat32> counts, Operand<TFloat32> w1,
            Operand<TFloat32> b1, Operand<TFloat32> w2, Operand<TFloat32> b2) {
        Operand<TFloat32> scale = tf.math.rsqrt(tf.math.maximum(counts, tf.constant(1f)));
        Operand<TFloat32> x = tf.math.mul(pooled, tf.expandDims(scale, tf.constant(-1)));
        Operand<TFloat32> hidden = tf.nn.relu(tf.math.add(tf.linalg.matMul(x, w1), b1));
        return tf.reshape(tf.math.add(tf.linalg.matMul(hidden, w2), b2), tf.constant(new int[] {-1}));
    }
}
