package org.sentimentstream.trainer.graph;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

import java.util.ArrayList;
import java.util.List;

/**
 * The served network's tensors, in {@link #NAMES} order: the trained {@link Parameters} with each table row
 * multiplied by its bucket's naive-Bayes ratio, which the ratio's gather and multiply then need not do per review.
 *
 * @param table hashed n-gram embeddings times their naive-Bayes ratios, {@code [buckets, dims]}
 * @param w1 hidden layer weights, {@code [dims, hidden]}
 * @param b1 hidden layer bias, {@code [hidden]}
 * @param w2 output weights, {@code [hidden, 1]}
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
        return List.of(trained.get(0), trained.get(2), trained.get(3), trained.get(4), trained.get(5));
    }

    /** Values in {@link #NAMES} order from trained values: the table folded with the ratios, the rest as is. */
    public static List<float[]> values(ParameterValues trained) {
        float[] table = trained.arrays().get(0);
        float[] ratios = trained.arrays().get(1);
        int dims = trained.shape().dims();
        float[] folded = new float[table.length];
        for (int row = 0; row < ratios.length; row++) {
            for (int d = row * dims; d < (row + 1) * dims; d++) {
                folded[d] = table[d] * ratios[row];
            }
        }
        List<float[]> values = new ArrayList<>(List.of(folded));
        values.addAll(trained.arrays().subList(2, trained.arrays().size()));
        return List.copyOf(values);
    }
}
