package org.sentimentstream.trainer.graph;

import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * The network as served: the same function as {@link SentimentNetwork} on {@link TextFeatures}, computed with fewer,
 * cheaper kernels. The naive-Bayes ratios are folded into the embedding table ({@link ServedParameters}), and one op,
 * {@code ReviewNgramSums} ({@code model/src/main/c/review_ngrams.c}), finds each review's features and sums their
 * table rows in the same pass, so no feature list or per-feature tensor is built.
 */
public final class ServedNetwork {
    /** Type of the op. */
    static final String OP = "ReviewNgramSums";

    private ServedNetwork() {}

    /** One logit per review, {@code [batch]}. */
    public static Operand<TFloat32> logits(Ops tf, Operand<TString> texts, FeatureSpec spec, ServedParameters p) {
        Operation sums = spec.op(tf, OP, "features", texts).addInput(p.table().asOutput()).build();
        return tf.reshape(SentimentNetwork.head(tf, sums.output(0), sums.output(1), p.w1(), p.b1(), p.w2(), p.b2()),
                tf.constant(new int[] {-1}));
    }
}
