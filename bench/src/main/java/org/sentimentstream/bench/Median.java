package org.sentimentstream.bench;

import java.util.Arrays;

/** The median of repeated measurements: robust to the one repetition a noisy machine spoils. */
final class Median {
    private Median() {}

    static double of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** Each {@code numerators[i] / denominators[i]}: the ratios of measurements taken in pairs. */
    static double[] ratios(double[] numerators, double[] denominators) {
        if (numerators.length != denominators.length) {
            throw new IllegalArgumentException(numerators.length + " numerators for " + denominators.length
                    + " denominators");
        }
        double[] ratios = new double[numerators.length];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = numerators[i] / denominators[i];
        }
        return ratios;
    }
}
