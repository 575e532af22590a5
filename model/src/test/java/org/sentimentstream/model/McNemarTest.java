package org.sentimentstream.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class McNemarTest {

    /** Expected: 2 * sum(C(n, i), i = 0..min(b, c)) / 2^n capped at 1, in exact rational arithmetic. */
    @ParameterizedTest
    @CsvSource({
        "1, 6, 0.125",
        "2, 10, 0.03857421875",
        "5, 5, 1.0",
        "0, 1, 1.0",
        "0, 10, 0.001953125",
        "10, 0, 0.001953125",
        "45, 62, 0.1215124218762441",
        "400, 500, 0.0009564441369189461",
        "1000, 1100, 0.030720707864242296",
        "3000, 3000, 1.0",
    })
    void matchesTheExactBinomialTail(long onlyFirst, long onlySecond, double expected) {
        assertEquals(expected, McNemar.exactP(onlyFirst, onlySecond), expected * 1e-9);
    }

    @Test
    void noDiscordantItemIsNoEvidence() {
        assertEquals(1.0, McNemar.exactP(0, 0));
    }

    @Test
    void aLopsidedHugeCountIsZeroNotNaN() {
        assertEquals(0.0, McNemar.exactP(0, 2000));
    }

    @Test
    void negativeCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> McNemar.exactP(-1, 3));
    }
}
