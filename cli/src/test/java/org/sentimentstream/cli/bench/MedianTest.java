package org.sentimentstream.cli.bench;

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
    void refusesNoValues() {
        assertThrows(IllegalArgumentException.class, () -> Median.of(new double[0]));
    }
}
