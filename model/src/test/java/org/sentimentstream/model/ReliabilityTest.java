package org.sentimentstream.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReliabilityTest {
    private static float logitOf(double probability) {
        return (float) Math.log(probability / (1 - probability));
    }

    @Test
    void binsByPredictedProbabilityAndWeighsEachGapByItsShare() {
        // two reviews at 0.05 (one positive), two at 0.85 (both positive); the rest of the bins empty
        float[] logits = {logitOf(0.05), logitOf(0.05), logitOf(0.85), logitOf(0.85)};
        int[] labels = {0, 1, 1, 1};

        Reliability r = Reliability.of(logits, labels);

        assertEquals(10, r.bins().size());
        Reliability.Bin low = r.bins().get(0);
        assertEquals(2, low.count());
        assertEquals(0.05, low.meanProbability(), 1e-6);
        assertEquals(0.5, low.positiveFraction(), 1e-12);
        Reliability.Bin high = r.bins().get(8);
        assertEquals(0.8, high.lower(), 1e-12);
        assertEquals(2, high.count());
        assertEquals(1.0, high.positiveFraction(), 1e-12);
        assertEquals(0, r.bins().get(5).count());
        assertEquals(0.5 * 0.45 + 0.5 * 0.15, r.ece(), 1e-6);
    }

    @Test
    void probabilityOneFallsInTheLastBinAndPerfectCalibrationHasNoError() {
        Reliability r = Reliability.of(new float[] {100f, -100f}, new int[] {1, 0});
        assertEquals(1, r.bins().get(9).count());
        assertEquals(1, r.bins().get(0).count());
        assertEquals(0, r.ece(), 1e-12);
        assertEquals(0, Reliability.of(new float[0], new int[0]).ece());
    }
}
