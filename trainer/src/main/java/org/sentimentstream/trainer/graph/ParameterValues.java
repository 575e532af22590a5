package org.sentimentstream.trainer.graph;

import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The network's parameter values held in Java, in {@link Parameters#NAMES} order: how a trained network moves
 * from the training graph to the served graph, and how a seed fixes the starting point.
 *
 * @param shape the sizes the arrays follow
 * @param arrays flat row-major values, one array per parameter
 */
public record ParameterValues(NetworkShape shape, List<float[]> arrays) {

    /**
     * Seeded starting values: embeddings uniform in +-0.05 (Keras' embedding default), Glorot-uniform dense
     * weights on each member's block (zeros off the blocks), zero biases, and the given naive-Bayes ratios. One
     * member draws the same values as a network without members did.
     */
    public static ParameterValues initial(NetworkShape shape, float[] nbWeights, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<float[]> arrays = new ArrayList<>();
        arrays.add(uniform(random, (long) shape.features().buckets() * shape.tableWidth(), 0.05));
        arrays.add(nbWeights.clone());
        arrays.add(blocks(random, shape.members(), shape.dims(), shape.hidden()));
        arrays.add(new float[shape.hiddenWidth()]);
        arrays.add(blocks(random, shape.members(), shape.hidden(), 1));
        arrays.add(new float[shape.members()]);
        return new ParameterValues(shape, List.copyOf(arrays));
    }

    /** A block-diagonal matrix of Glorot-uniform blocks of {@code rows x cols}, drawn in row-major order. */
    private static float[] blocks(SplittableRandom random, int members, int rows, int cols) {
        double limit = Math.sqrt(6.0 / (rows + cols));
        float[] values = Parameters.blockMask(members, rows, cols);
        for (int i = 0; i < values.length; i++) {
            if (values[i] != 0) {
                values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
            }
        }
        return values;
    }

    private static float[] uniform(SplittableRandom random, long size, double limit) {
        float[] values = new float[Math.toIntExact(size)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
        return values;
    }

    /**
     * The same network with its logit multiplied by {@code factor}: the output layer's weights and bias scaled, so
     * the served graph computes it at no extra cost.
     */
    public ParameterValues withLogitScale(double factor) {
        List<float[]> scaled = new ArrayList<>(arrays);
        for (int i = Parameters.NAMES.indexOf("w2"); i < arrays.size(); i++) {
            float[] values = arrays.get(i).clone();
            for (int j = 0; j < values.length; j++) {
                values[j] = (float) (values[j] * factor);
            }
            scaled.set(i, values);
        }
        return new ParameterValues(shape, List.copyOf(scaled));
    }

    /** A tensor holding parameter {@code index}; the caller closes it. */
    public TFloat32 tensor(int index) {
        return TFloat32.tensorOf(Shape.of(Parameters.shapes(shape).get(index)),
                DataBuffers.of(arrays.get(index), true, false));
    }

    /** Copies fetched tensors, in {@link Parameters#NAMES} order, into Java arrays. */
    public static ParameterValues read(NetworkShape shape, List<? extends Tensor> tensors) {
        List<float[]> arrays = new ArrayList<>();
        for (Tensor tensor : tensors) {
            TFloat32 t = (TFloat32) tensor;
            float[] values = new float[Math.toIntExact(t.size())];
            t.copyTo(DataBuffers.of(values, false, false));
            arrays.add(values);
        }
        return new ParameterValues(shape, List.copyOf(arrays));
    }
}
