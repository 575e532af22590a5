package org.sentimentstream.model;

import java.util.ArrayList;
import java.util.List;

/**
 * How well the predicted probability of "positive" matches how often reviews are positive: the reviews grouped by
 * their predicted probability into equal-width bins over [0, 1], and the expected calibration error (ECE), the
 * bins' gaps between mean predicted probability and observed positive fraction, weighted by their share of reviews.
 *
 * @param bins the bins in ascending order, empty ones included
 */
public record Reliability(List<Bin> bins) {
    /** Bins of the ECE that {@code ./sentiment evaluate} and {@code metadata.json} report. */
    public static final int DEFAULT_BINS = 10;

    /**
     * One bin: the reviews whose predicted probability lies in {@code [lower, upper)} (the last bin includes 1).
     *
     * @param meanProbability mean predicted probability of positive, 0 for an empty bin
     * @param positiveFraction fraction of the bin's reviews that are positive, 0 for an empty bin
     */
    public record Bin(double lower, double upper, long count, double meanProbability, double positiveFraction) {}

    /** Bins sigmoid(logit) of each review against its 0/1 label into {@link #DEFAULT_BINS} bins. */
    public static Reliability of(float[] logits, int[] labels) {
        return of(logits, labels, DEFAULT_BINS);
    }

    public static Reliability of(float[] logits, int[] labels, int binCount) {
        if (logits.length != labels.length) {
            throw new IllegalArgumentException(logits.length + " logits for " + labels.length + " labels");
        }
        long[] counts = new long[binCount];
        double[] probabilitySums = new double[binCount];
        long[] positives = new long[binCount];
        for (int i = 0; i < logits.length; i++) {
            double p = Prediction.of(logits[i]).probability();
            int bin = Math.min(binCount - 1, (int) (p * binCount));
            counts[bin]++;
            probabilitySums[bin] += p;
            positives[bin] += labels[i];
        }
        List<Bin> bins = new ArrayList<>();
        for (int b = 0; b < binCount; b++) {
            bins.add(new Bin((double) b / binCount, (double) (b + 1) / binCount, counts[b],
                    counts[b] == 0 ? 0 : probabilitySums[b] / counts[b],
                    counts[b] == 0 ? 0 : (double) positives[b] / counts[b]));
        }
        return new Reliability(List.copyOf(bins));
    }

    /** Expected calibration error: sum over bins of (bin's share of reviews) x |mean probability - positive fraction|. */
    public double ece() {
        long total = bins.stream().mapToLong(Bin::count).sum();
        if (total == 0) {
            return 0;
        }
        double ece = 0;
        for (Bin bin : bins) {
            ece += (double) bin.count() / total * Math.abs(bin.meanProbability() - bin.positiveFraction());
        }
        return ece;
    }
}
