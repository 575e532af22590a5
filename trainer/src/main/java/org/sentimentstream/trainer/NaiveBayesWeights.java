package org.sentimentstream.trainer;

/**
 * NBSVM-style log-count ratios (Wang and Manning, 2012) per hashed n-gram bucket, counted on the training split
 * only: {@code r = log((p + a) / |p + a|) - log((q + a) / |q + a|)} with p, q the number of positive and negative
 * reviews containing the n-gram. The network multiplies each n-gram's embedding by its ratio, so telling n-grams
 * start loud and neutral ones quiet.
 */
public final class NaiveBayesWeights {
    private final long[] positive;
    private final long[] negative;

    public NaiveBayesWeights(int buckets) {
        positive = new long[buckets];
        negative = new long[buckets];
    }

    /**
     * Adds a batch of features.
     *
     * @param rows review index of each feature within the batch
     * @param buckets bucket of each feature (distinct within a review)
     * @param labels 0/1 label per review of the batch
     */
    public void add(long[] rows, long[] buckets, int[] labels) {
        for (int i = 0; i < rows.length; i++) {
            int bucket = Math.toIntExact(buckets[i]);
            if (labels[(int) rows[i]] == 1) {
                positive[bucket]++;
            } else {
                negative[bucket]++;
            }
        }
    }

    /** The ratios, smoothed by {@code alpha}. */
    public float[] ratios(double alpha) {
        double positiveTotal = alpha * positive.length;
        double negativeTotal = alpha * negative.length;
        for (int i = 0; i < positive.length; i++) {
            positiveTotal += positive[i];
            negativeTotal += negative[i];
        }
        float[] ratios = new float[positive.length];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = (float) (Math.log((positive[i] + alpha) / positiveTotal)
                    - Math.log((negative[i] + alpha) / negativeTotal));
        }
        return ratios;
    }
}
