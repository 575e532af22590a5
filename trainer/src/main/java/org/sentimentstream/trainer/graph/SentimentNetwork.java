package org.sentimentstream.trainer.graph;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

import java.util.List;

/**
 * The network as trained: each distinct n-gram's embedding scaled by its naive-Bayes log-count ratio, summed per
 * review and divided by the square root of the review's n-gram count, then Dense(hidden, ReLU) and Dense(1) to a
 * logit, for each member ({@link NetworkShape}); the logit is the members' mean. {@link ServedNetwork} computes the
 * same function with the ratios folded into the table and the mean folded into the output layer.
 *
 * @param embedded gathered embedding rows, one per feature: training takes its gradient here and applies it to the
 *     touched table rows only
 * @param memberLogits one logit per review and member, {@code [batch, members]}: each member's loss is taken here
 * @param logits the members' mean, one logit per review, {@code [batch]}
 */
public record SentimentNetwork(Operand<TFloat32> embedded, Operand<TFloat32> memberLogits,
        Operand<TFloat32> logits) {

    /** The network without dropout, as the trainer evaluates it. */
    public static SentimentNetwork of(Ops tf, NetworkShape shape, TextFeatures features, Parameters p) {
        return build(tf, shape, features, p, null);
    }

    /**
     * The network with feature dropout, for training: each n-gram feature is kept with probability
     * {@code 1 - rate} (scaled by {@code 1 / (1 - rate)}), drawn for each member apart from a stateless generator so
     * a seed fixes it.
     *
     * @param seed {@code int64[2]}, a different value every step
     */
    public static SentimentNetwork withDropout(Ops tf, NetworkShape shape, TextFeatures features, Parameters p,
            double rate, Operand<TInt64> seed) {
        Operand<TInt64> draws = tf.concat(List.of(tf.shape(features.buckets(), TInt64.class),
                tf.constant(new long[] {shape.members()})), tf.constant(0));
        Operand<TFloat32> uniform = tf.random.statelessRandomUniform(draws, seed, TFloat32.class);
        Operand<TFloat32> keep = tf.math.div(
                tf.dtypes.cast(tf.math.greaterEqual(uniform, tf.constant((float) rate)), TFloat32.class),
                tf.constant((float) (1 - rate)));
        return build(tf, shape, features, p, keep);
    }

    /** @param keep {@code [features, members]} factors of each feature for each member, or null for none */
    private static SentimentNetwork build(Ops tf, NetworkShape shape, TextFeatures features, Parameters p,
            Operand<TFloat32> keep) {
        Operand<TFloat32> embedded = tf.gather(p.table(), features.buckets(), tf.constant(0));
        Operand<TFloat32> nb = tf.expandDims(tf.gather(p.nbWeights(), features.buckets(), tf.constant(0)),
                tf.constant(-1));
        Operand<TFloat32> weighted;
        if (keep == null) {
            weighted = tf.math.mul(embedded, nb);
        } else {
            Operand<TFloat32> perMember = tf.reshape(embedded, tf.constant(new long[] {-1, shape.members(),
                    shape.dims()}));
            weighted = tf.reshape(tf.math.mul(perMember, tf.expandDims(tf.math.mul(nb, keep), tf.constant(-1))),
                    tf.constant(new long[] {-1, shape.tableWidth()}));
        }
        Operand<TFloat32> pooled = tf.math.unsortedSegmentSum(weighted, features.rows(), features.batch());
        Operand<TFloat32> w1 = tf.math.mul(p.w1(), mask(tf, shape.members(), shape.dims(), shape.hidden()));
        Operand<TFloat32> w2 = tf.math.mul(p.w2(), mask(tf, shape.members(), shape.hidden(), 1));
        Operand<TFloat32> members = head(tf, pooled, features.counts(), w1, p.b1(), w2, p.b2());
        return new SentimentNetwork(embedded, members, tf.math.mean(members, tf.constant(1)));
    }

    /** {@link Parameters#blockMask} as a constant: the gradient off the members' blocks is zero. */
    private static Operand<TFloat32> mask(Ops tf, int members, int rows, int cols) {
        return tf.constant(Shape.of((long) members * rows, (long) members * cols),
                DataBuffers.of(Parameters.blockMask(members, rows, cols), true, false));
    }

    /**
     * From the summed embeddings of each review and its feature count to its logits, {@code [batch, outputs]}:
     * sqrt-n scaling, Dense(hidden, ReLU), Dense(outputs).
     */
    static Operand<TFloat32> head(Ops tf, Operand<TFloat32> pooled, Operand<TFloat32> counts, Operand<TFloat32> w1,
            Operand<TFloat32> b1, Operand<TFloat32> w2, Operand<TFloat32> b2) {
        Operand<TFloat32> scale = tf.math.rsqrt(tf.math.maximum(counts, tf.constant(1f)));
        Operand<TFloat32> x = tf.math.mul(pooled, tf.expandDims(scale, tf.constant(-1)));
        Operand<TFloat32> hidden = tf.nn.relu(tf.math.add(tf.linalg.matMul(x, w1), b1));
        return tf.math.add(tf.linalg.matMul(hidden, w2), b2);
    }
}
