package org.sentimentstream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NaiveBayesWeightsTest {
    @Test
    void logCountRatiosMatchTheFormula() {
        NaiveBayesWeights counts = new NaiveBayesWeights(4);
        // review 0 (positive) has buckets 0 and 1; review 1 (negative) has buckets 1 and 2; review 2 (positive): 0
        counts.add(new long[] {0, 0, 1, 1, 2}, new long[] {0, 1, 1, 2, 0}, new int[] {1, 0, 1});

        float[] r = counts.ratios(1.0);

        // positive counts + 1: [3, 2, 1, 1] sum 7; negative counts + 1: [1, 2, 2, 1] sum 6
        assertEquals(Math.log(3.0 / 7) - Math.log(1.0 / 6), r[0], 1e-6);
        assertEquals(Math.log(2.0 / 7) - Math.log(2.0 / 6), r[1], 1e-6);
        assertEquals(Math.log(1.0 / 7) - Math.log(2.0 / 6), r[2], 1e-6);
        assertEquals(Math.log(1.0 / 7) - Math.log(1.0 / 6), r[3], 1e-6);
    }
}
