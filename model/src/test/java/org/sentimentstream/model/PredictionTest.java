package org.sentimentstream.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PredictionTest {
    @Test
    void probabilityIsTheSigmoidAndZeroIsPositive() {
        assertEquals(0.5, Prediction.of(0f).probability());
        assertEquals("positive", Prediction.of(0f).label());
        assertEquals("negative", Prediction.of(-0.01f).label());
        assertEquals(1 / (1 + Math.exp(-2.6f)), Prediction.of(2.6f).probability(), 1e-15);
    }
}
