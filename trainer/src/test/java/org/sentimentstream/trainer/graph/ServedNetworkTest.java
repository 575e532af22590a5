package org.sentimentstream.trainer.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;
import org.sentimentstream.model.TensorFlowRuntime;

import java.util.List;
import java.util.SplittableRandom;

/** The served graph computes the trained function: folded ratios and sparse sums change no logit. */
class ServedNetworkTest {
    private static final List<String> TEXTS = List.of("a great great film, truly great", "",
            "Awful.<br /><br />The worst film; the worst acting", "fine", "good good good good bad bad",
            "Ça été un film superbe 10/10");

    @Test
    void servedLogitsEqualTheTrainingGraphsLogits() {
        TensorFlowRuntime.engine();
        NetworkShape shape = new NetworkShape(new FeatureSpec(1 << 10, 3), 8, 4);
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
}
