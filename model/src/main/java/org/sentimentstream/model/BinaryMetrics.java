package org.sentimentstream.model;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Quality of a binary classifier on labeled examples, positive meaning logit >= 0.
 *
 * @param tp positives predicted positive
 * @param fp negatives predicted positive
 * @param tn negatives predicted negative
 * @param fn positives predicted negative
 * @param logLoss mean sigmoid cross-entropy of the logits
 * @param rocAuc area under the ROC curve (ties count half)
 */
public record BinaryMetrics(long tp, long fp, long tn, long fn, double logLoss, double rocAuc) {

    /** Scores logits against 0/1 labels. */
    public static BinaryMetrics of(float[] logits, int[] labels) {
        if (logits.length != labels.length) {
            throw new IllegalArgumentException(logits.length + " logits for " + labels.length + " labels");
        }
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        double loss = 0;
        for (int i = 0; i < logits.length; i++) {
            boolean predicted = logits[i] >= 0;
            boolean actual = labels[i] == 1;
            if (predicted) {
                if (actual) {
                    tp++;
                } else {
                    fp++;
                }
            } else if (actual) {
                fn++;
            } else {
                tn++;
            }
            loss += logLoss(logits[i], labels[i]);
        }
        return new BinaryMetrics(tp, fp, tn, fn, logits.length == 0 ? 0 : loss / logits.length,
                rocAuc(logits, labels));
    }

    /** Sigmoid cross-entropy of one logit, computed without overflow. */
    public static double logLoss(float logit, int label) {
        double x = logit;
        return Math.max(x, 0) - x * label + Math.log1p(Math.exp(-Math.abs(x)));
    }

    private static double rocAuc(float[] logits, int[] labels) {
        Integer[] order = IntStream.range(0, logits.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> logits[i]));
        double positiveRankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && logits[order[j + 1]] == logits[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (labels[order[k]] == 1) {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = logits.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    public long count() {
        return tp + fp + tn + fn;
    }

    public double accuracy() {
        return ratio(tp + tn, count());
    }

    public double precision() {
        return ratio(tp, tp + fp);
    }

    public double recall() {
        return ratio(tp, tp + fn);
    }

    public double f1() {
        return ratio(2 * tp, 2 * tp + fp + fn);
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }
}
