package org.sentimentstream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

class TemperatureScalingTest {
    /** Logits twice as confident as the labels they were drawn with. */
    private static float[] overconfident(int n, int[] labels) {
        SplittableRandom random = new SplittableRandom(5);
        float[] logits = new float[n];
        for (int i = 0; i < n; i++) {
            double trueLogit = random.nextDouble() * 8 - 4;
            labels[i] = random.nextDouble() < 1 / (1 + Math.exp(-trueLogit)) ? 1 : 0;
            logits[i] = (float) (2 * trueLogit);
        }
        return logits;
    }

    @Test
    void findsTheTemperatureOfOverconfidentLogitsAndKeepsItWhenTheEceFalls() {
        int[] labels = new int[20_000];
        float[] logits = overconfident(labels.length, labels);

        TemperatureScaling fitted = TemperatureScaling.fit(logits, labels);

        assertEquals(2.0, fitted.temperature(), 0.1);
        assertTrue(fitted.eceAfter() < fitted.eceBefore() / 3, fitted.toString());
        assertEquals(1 / fitted.temperature(), fitted.logitScale());
        assertEquals(20_000, fitted.reviews());
    }

    @Test
    void calibratedLogitsKeepATemperatureNearOneAndNoneIsTheIdentity() {
        int[] labels = new int[20_000];
        float[] logits = overconfident(labels.length, labels);
        for (int i = 0; i < logits.length; i++) {
            logits[i] /= 2;
        }
        assertEquals(1.0, TemperatureScaling.fit(logits, labels).temperature(), 0.05);

        TemperatureScaling none = TemperatureScaling.none(logits, labels);
        assertEquals(1, none.temperature());
        assertEquals(none.eceBefore(), none.eceAfter());
        assertEquals(1, none.logitScale());
    }
}
