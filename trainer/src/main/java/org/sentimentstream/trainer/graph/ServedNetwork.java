package org.sentimentstream.trainer.graph;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The network as served: the same function as {@link SentimentNetwork}, computed with fewer, cheaper kernels. The
 * naive-Bayes ratios are folded into the embedding table ({@link ServedParameters}), and each n-gram width's
 * features are gathered and summed per review by one sparse segment sum, so no per-feature tensor is built.
 */
public final class ServedNetwork {
    private ServedNetwork() {}

    /** One logit per review, {@code [batch]}. */
    public static Operand<TFloat32> logits(Ops tf, TextFeatures features, ServedParameters p) {
        Operand<TFloat32> pooled = null;
        for (TextFeatures.NgramFeatures width : features.widths()) {
            Operand<TFloat32> sum = tf.sparse.sparseSegmentSumWithNumSegments(p.table(), width.buckets(),
                    width.rows(), features.batch());
            pooled = pooled == null ? sum : tf.math.add(pooled, sum);
        }
        return SentimentNetwork.head(tf, pooled, features, p.w1(), p.b1(), p.w2(), p.b2());
    }
}
