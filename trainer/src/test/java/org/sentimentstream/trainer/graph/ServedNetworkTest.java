package org.sentimentstream.trainer.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;
import org.sentimentstream.model.TensorFlowRuntime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** The served graph computes the trained function: folded ratios and sparse sums change no logit. */
class ServedNetworkTest {
    private static final List<String> TEXTS = List.of("a great great film, truly great", "",
            "Awful.<br /><br />The worst film; the worst acting", "fine", "good good good good bad bad",
            "Ça été un film superbe 10/10");

    @Test
    void servedLogitsEqualTheTrainingGraphsLogits() {
        servesTheTrainedFunction(new NetworkShape(new FeatureSpec(1 << 10, 3), 8, 4, 1));
    }

    @Test
    void servedLogitsOfMembersAreTheMeanOfTheirLogits() {
        servesTheTrainedFunction(new NetworkShape(new FeatureSpec(1 << 10, 3), 4, 5, 3));
    }

    private static void servesTheTrainedFunction(NetworkShape shape) {
        TensorFlowRuntime.engine();
        float[] ratios = new float[1 << 10];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = (float) (random.nextDouble() * 4 - 2);
        }
        ParameterValues values = ParameterValues.initial(shape, ratios, 3);
        float[] trained;
        try (TrainingGraph training = new TrainingGraph(shape, new AdamSettings(0.001, 0.9, 0.999, 1e-7), 0, 1, 1)) {
            training.assign(values);
            trained = training.logits(TEXTS);
        }
        try (ServingGraph serving = new ServingGraph(values, 1)) {
            float[] served = serving.logits(TEXTS);
            for (int i = 0; i < TEXTS.size(); i++) {
                assertEquals(trained[i], served[i], 1e-5, "text " + i);
            }
            assertNotEquals(served[0], served[2]);
        }
        // a temperature folded into the output layer scales every logit, bias included
        try (ServingGraph scaled = new ServingGraph(values.withLogitScale(0.625), 1)) {
            float[] served = scaled.logits(TEXTS);
            for (int i = 0; i < TEXTS.size(); i++) {
                assertEquals(trained[i] * 0.625, served[i], 1e-5, "text " + i);
            }
        }
    }

    @Test
    void theLogitOfTwoMembersIsTheMeanOfEachServedAlone() {
        TensorFlowRuntime.engine();
        NetworkShape pair = new NetworkShape(new FeatureSpec(1 << 10, 2), 4, 3, 2);
        float[] ratios = new float[1 << 10];
        Arrays.fill(ratios, 1.5f);
        List<float[]> arrays = new ArrayList<>(ParameterValues.initial(pair, ratios, 11).arrays());
        arrays.set(3, new float[] {0.1f, -0.2f, 0.3f, 0.05f, 0, -0.1f});
        arrays.set(5, new float[] {0.25f, -0.75f});
        ParameterValues both = new ParameterValues(pair, arrays);
        float[][] alone = new float[2][];
        for (int k = 0; k < 2; k++) {
            try (ServingGraph serving = new ServingGraph(member(both, k), 1)) {
                alone[k] = serving.logits(TEXTS);
            }
        }
        try (ServingGraph serving = new ServingGraph(both, 1)) {
            float[] served = serving.logits(TEXTS);
            for (int i = 0; i < TEXTS.size(); i++) {
                assertEquals((alone[0][i] + alone[1][i]) / 2, served[i], 1e-5, "text " + i);
            }
            assertNotEquals(alone[0][0], alone[1][0]);
        }
    }

    /** Member {@code k} of a network as a network of its own: its table columns, blocks and biases. */
    private static ParameterValues member(ParameterValues all, int k) {
        NetworkShape shape = all.shape();
        NetworkShape one = new NetworkShape(shape.features(), shape.dims(), shape.hidden(), 1);
        int dims = shape.dims();
        int hidden = shape.hidden();
        float[] table = all.arrays().get(0);
        float[] columns = new float[shape.features().buckets() * dims];
        for (int row = 0; row < shape.features().buckets(); row++) {
            System.arraycopy(table, row * shape.tableWidth() + k * dims, columns, row * dims, dims);
        }
        float[] w1 = new float[dims * hidden];
        for (int i = 0; i < dims; i++) {
            System.arraycopy(all.arrays().get(2), (k * dims + i) * shape.hiddenWidth() + k * hidden, w1,
                    i * hidden, hidden);
        }
        float[] b1 = Arrays.copyOfRange(all.arrays().get(3), k * hidden, (k + 1) * hidden);
        float[] w2 = new float[hidden];
        for (int j = 0; j < hidden; j++) {
            w2[j] = all.arrays().get(4)[(k * hidden + j) * shape.members() + k];
        }
        return new ParameterValues(one, List.of(columns, all.arrays().get(1), w1, b1, w2,
                new float[] {all.arrays().get(5)[k]}));
    }
}
