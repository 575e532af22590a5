package org.sentimentstream.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BinaryMetricsTest {
    @Test
    void confusionMatrixAndDerivedRatios() {
        // logits >= 0 predict positive; labels: 1 positive, 0 negative
        float[] logits = {2f, 0f, -1f, 3f, -2f, 1f};
        int[] labels = {1, 0, 1, 1, 0, 1};

        BinaryMetrics m = BinaryMetrics.of(logits, labels);

        assertEquals(3, m.tp()); // 2, 3, 1
        assertEquals(1, m.fp()); // 0 counts as positive
        assertEquals(1, m.tn());
        assertEquals(1, m.fn());
        assertEquals(4.0 / 6, m.accuracy(), 1e-12);
        assertEquals(3.0 / 4, m.precision(), 1e-12);
        assertEquals(3.0 / 4, m.recall(), 1e-12);
        assertEquals(6.0 / 8, m.f1(), 1e-12);
    }

    @Test
    void logLossIsTheMeanSigmoidCrossEntropy() {
        BinaryMetrics m = BinaryMetrics.of(new float[] {0f, 2f}, new int[] {1, 0});
        double expected = (Math.log(2) + Math.log(1 + Math.exp(2))) / 2;
        assertEquals(expected, m.logLoss(), 1e-12);
        assertEquals(Math.log1p(Math.exp(-80)), BinaryMetrics.logLoss(80f, 1), 1e-40); // no overflow
        assertEquals(80, BinaryMetrics.logLoss(80f, 0), 1e-9);
    }

    @Test
    void rocAucCountsTiesAsHalf() {
        assertEquals(1.0, BinaryMetrics.of(new float[] {-1, -0.5f, 0.5f, 1}, new int[] {0, 0, 1, 1}).rocAuc());
        assertEquals(0.0, BinaryMetrics.of(new float[] {1, 0.5f, -0.5f, -1}, new int[] {0, 0, 1, 1}).rocAuc());
        // one positive tied with one negative, the other positive above both: (1 + 0.5) / 2 pairs... of 4
        assertEquals(0.875, BinaryMetrics.of(new float[] {0, 0, 1, -1}, new int[] {0, 1, 1, 0}).rocAuc(), 1e-12);
    }

    @Test
    void emptyInputHasZeroRatiosNotNaN() {
        BinaryMetrics m = BinaryMetrics.of(new float[0], new int[0]);
        assertEquals(0, m.count());
        assertEquals(0.0, m.accuracy());
        assertEquals(0.0, m.logLoss());
    }
}
