package org.sentimentstream.trainer.graph;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

import java.util.List;

/**
 * The network's tensors in one graph, in a fixed order ({@link #NAMES}) so trainers, exporters and copies line up.
 *
 * @param table hashed n-gram embeddings, {@code [buckets, dims]}
 * @param nbWeights naive-Bayes log-count ratio per bucket, {@code [buckets]}, fixed after counting
 * @param w1 hidden layer weights, {@code [dims, hidden]}
 * @param b1 hidden layer bias, {@code [hidden]}
 * @param w2 output weights, {@code [hidden, 1]}
 * @param b2 output bias, {@code [1]}
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
        return List.of(new long[] {buckets, shape.dims()}, new long[] {buckets},
                new long[] {shape.dims(), shape.hidden()}, new long[] {shape.hidden()},
                new long[] {shape.hidden(), 1}, new long[] {1});
    }
}
