package org.sentimentstream.trainer.graph;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

import java.util.Arrays;
import java.util.List;

/**
 * The network's tensors in one graph, in a fixed order ({@link #NAMES}) so trainers, exporters and copies line up.
 *
 * <p>The dense layers of the {@link NetworkShape#members() members} are held as one block-diagonal matrix each:
 * member k's hidden units read only its embedding columns, and its logit only its hidden units. The training graph
 * multiplies them by {@link #blockMask} so the entries off the blocks stay zero.
 *
 * @param table hashed n-gram embeddings, {@code [buckets, members * dims]}
 * @param nbWeights naive-Bayes log-count ratio per bucket, {@code [buckets]}, fixed after counting
 * @param w1 hidden layer weights, {@code [members * dims, members * hidden]}, block-diagonal
 * @param b1 hidden layer bias, {@code [members * hidden]}
 * @param w2 output weights, {@code [members * hidden, members]}, block-diagonal: one logit per member
 * @param b2 output bias, {@code [members]}
 */
public record Parameters(Operand<TFloat32> table, Operand<TFloat32> nbWeights, Operand<TFloat32> w1,
        Operand<TFloat32> b1, Operand<TFloat32> w2, Operand<TFloat32> b2) {

    /** Names, in {@link #all()} order. */
    public static final List<String> NAMES = List.of("table", "nb_weights", "w1", "b1", "w2", "b2");

    public List<Operand<TFloat32>> all() {
        return List.of(table, nbWeights, w1, b1, w2, b2);
    }

    public static Parameters of(List<? extends Operand<TFloat32>> all) {
        return new Parameters(all.get(0), all.get(1), all.get(2), all.get(3), all.get(4), all.get(5));
    }

    /** Shapes, in {@link #all()} order. */
    public static List<long[]> shapes(NetworkShape shape) {
        long buckets = shape.features().buckets();
        return List.of(new long[] {buckets, shape.tableWidth()}, new long[] {buckets},
                new long[] {shape.tableWidth(), shape.hiddenWidth()}, new long[] {shape.hiddenWidth()},
                new long[] {shape.hiddenWidth(), shape.members()}, new long[] {shape.members()});
    }

    /**
     * Ones on the diagonal blocks of a {@code [members * rows, members * cols]} matrix, zeros elsewhere, row-major.
     */
    public static float[] blockMask(int members, int rows, int cols) {
        float[] mask = new float[members * rows * members * cols];
        for (int k = 0; k < members; k++) {
            for (int i = 0; i < rows; i++) {
                int row = (k * rows + i) * members * cols + k * cols;
                Arrays.fill(mask, row, row + cols, 1f);
            }
        }
        return mask;
    }
}
