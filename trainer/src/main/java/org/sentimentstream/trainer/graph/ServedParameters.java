package org.sentimentstream.trainer.graph;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

import java.util.List;

/**
 * The served network's tensors, in {@link #NAMES} order: the trained {@link Parameters} with each table row
 * multiplied by its bucket's naive-Bayes ratio, which the ratio's gather and multiply then need not do per review.
 *
 * <p>The members' logits are averaged in the output layer: its weights are each member's divided by the number of
 * members, and its bias is their mean, so the served graph computes the ensemble's logit with the kernels of one
 * network.
 *
 * @param table hashed n-gram embeddings times their naive-Bayes ratios, {@code [buckets, members * dims]}
 * @param w1 hidden layer weights, {@code [members * dims, members * hidden]}, block-diagonal
 * @param b1 hidden layer bias, {@code [members * hidden]}
 * @param w2 output weights, {@code [members * hidden, 1]}
 * @param b2 output bias, {@code [1]}
 */
public record ServedParameters(Operand<TFloat32> table, Operand<TFloat32> w1, Operand<TFloat32> b1,
        Operand<TFloat32> w2, Operand<TFloat32> b2) {

    /** Names of the SavedModel's variables, in {@link #of(List)} order. */
    public static final List<String> NAMES = List.of("table", "w1", "b1", "w2", "b2");

    public static ServedParameters of(List<? extends Operand<TFloat32>> all) {
        return new ServedParameters(all.get(0), all.get(1), all.get(2), all.get(3), all.get(4));
    }

    /** Shapes, in {@link #NAMES} order. */
    public static List<long[]> shapes(NetworkShape shape) {
        List<long[]> trained = Parameters.shapes(shape);
        return List.of(trained.get(0), trained.get(2), trained.get(3), new long[] {shape.hiddenWidth(), 1},
                new long[] {1});
    }

    /**
     * Values in {@link #NAMES} order from trained values: the table folded with the ratios, the hidden layer as is,
     * the members' output layers averaged into one.
     */
    public static List<float[]> values(ParameterValues trained) {
        NetworkShape shape = trained.shape();
        float[] table = trained.arrays().get(0);
        float[] ratios = trained.arrays().get(1);
        int width = shape.tableWidth();
        float[] folded = new float[table.length];
        for (int row = 0; row < ratios.length; row++) {
            for (int d = row * width; d < (row + 1) * width; d++) {
                folded[d] = table[d] * ratios[row];
            }
        }
        int members = shape.members();
        float[] w2 = trained.arrays().get(4);
        float[] meanW2 = new float[shape.hiddenWidth()];
        for (int unit = 0; unit < meanW2.length; unit++) {
            meanW2[unit] = w2[unit * members + unit / shape.hidden()] / members;
        }
        double biases = 0;
        for (float bias : trained.arrays().get(5)) {
            biases += bias;
        }
        return List.of(folded, trained.arrays().get(2), trained.arrays().get(3), meanW2,
                new float[] {(float) (biases / members)});
    }
}
