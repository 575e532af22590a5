package org.sentimentstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MedianTest {
    @Test
    void middleValueOfAnOddCountAndMeanOfTheMiddleTwoOfAnEvenOne() {
        assertEquals(3.0, Median.of(new double[] {9, 3, 1}));
        assertEquals(2.5, Median.of(new double[] {4, 1, 2, 3}));
        assertEquals(7.0, Median.of(new double[] {7}));
    }

    @Test
    void leavesItsInputAlone() {
        double[] values = {3, 1, 2};
        Median.of(values);
        assertEquals(3.0, values[0]);
    }

    @Test
    void ratiosPairTheMeasurementsByIndex() {
        double[] ratios = Median.ratios(new double[] {50, 90, 30}, new double[] {100, 120, 60});
        assertEquals(0.5, ratios[0]);
        assertEquals(0.75, ratios[1]);
        assertEquals(0.5, ratios[2]);
        assertEquals(0.5, Median.of(ratios));
        assertThrows(IllegalArgumentException.class, () -> Median.ratios(new double[2], new double[3]));
    }

    @Test
    void refusesNoValues() {
        assertThrows(IllegalArgumentException.class, () -> Median.of(new double[0]));
    }
}
