package org.sentimentstream.model;

/**
 * McNemar's exact test of two classifiers scored on the same items: under the null hypothesis that both are equally
 * accurate, each of the {@code b + c} discordant items (one right, the other wrong) is equally likely to favour
 * either, so the smaller count is Binomial(b + c, 1/2). The two-sided p-value is twice its lower tail, at most 1.
 * Computed in logarithms, exact for any count a stream can reach.
 */
public final class McNemar {
    private McNemar() {}

    /**
     * @param onlyFirstRight items the first classifier got right and the second wrong
     * @param onlySecondRight items the second got right and the first wrong
     * @return the exact two-sided p-value; 1 when there is no discordant item
     */
    public static double exactP(long onlyFirstRight, long onlySecondRight) {
        if (onlyFirstRight < 0 || onlySecondRight < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        long n = onlyFirstRight + onlySecondRight;
        long k = Math.min(onlyFirstRight, onlySecondRight);
        if (n == 0) {
            return 1.0;
        }
        // log of C(n, i) / 2^n for i = 0..k, summed as exp(max) * sum(exp(term - max))
        double logHalfN = -n * Math.log(2);
        double logChoose = 0;
        double[] terms = new double[(int) k + 1];
        for (int i = 0; i <= k; i++) {
            if (i > 0) {
                logChoose += Math.log(n - i + 1) - Math.log(i);
            }
            terms[i] = logChoose + logHalfN;
        }
        double max = terms[(int) k]; // the terms grow up to the mode, and k <= n / 2
        double sum = 0;
        for (double term : terms) {
            sum += Math.exp(term - max);
        }
        return Math.min(1.0, 2 * Math.exp(max) * sum);
    }
}
