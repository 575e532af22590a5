package org.sentimentstream.trainer;

import org.sentimentstream.model.Reliability;

/**
 * Temperature scaling (Guo et al. 2017) fitted on held-out logits: the one divisor T of every logit that gives the
 * least log loss, kept only if it also lowers their ECE. Dividing by T changes no label, so accuracy and ROC
 * AUC stay as they are; the exported graph gets it as a factor on its output layer ({@link #logitScale()}).
 *
 * @param temperature the fitted T (1 when not fitted)
 * @param eceBefore ECE of the held-out logits as they are
 * @param eceAfter ECE of the held-out logits divided by {@code temperature}
 * @param reviews how many held-out logits it was fitted on
 */
public record TemperatureScaling(double temperature, double eceBefore, double eceAfter, int reviews) {
    private static final int MAX_NEWTON_STEPS = 100;

    /** No temperature: the logits as trained. */
    public static TemperatureScaling none(float[] logits, int[] labels) {
        double ece = Reliability.of(logits, labels).ece();
        return new TemperatureScaling(1, ece, ece, logits.length);
    }

    /**
     * Fits T by Newton's method on s = 1/T: the mean log loss of s * logit is convex in s, so from s = 1 it converges
     * in a few steps, deterministically.
     */
    public static TemperatureScaling fit(float[] logits, int[] labels) {
        double s = 1;
        for (int step = 0; step < MAX_NEWTON_STEPS; step++) {
            double gradient = 0;
            double curvature = 0;
            for (int i = 0; i < logits.length; i++) {
                double p = 1 / (1 + Math.exp(-s * logits[i]));
                gradient += logits[i] * (p - labels[i]);
                curvature += (double) logits[i] * logits[i] * p * (1 - p);
            }
            if (curvature <= 0) {
                break;
            }
            double move = gradient / curvature;
            s = Math.min(2 * s, Math.max(s / 2, s - move)); // at most halve or double it per step, never flip it
            if (Math.abs(move) < 1e-9) {
                break;
            }
        }
        return new TemperatureScaling(1 / s, Reliability.of(logits, labels).ece(),
                Reliability.of(scaled(logits, s), labels).ece(), logits.length);
    }

    /** What the exported logit is multiplied by: 1/T if that lowered the ECE of the logits it was fitted on, else 1. */
    public double logitScale() {
        return eceAfter < eceBefore ? 1 / temperature : 1;
    }

    /** The ECE of other logits divided by this temperature. */
    public double eceOf(float[] logits, int[] labels) {
        return Reliability.of(scaled(logits, 1 / temperature), labels).ece();
    }

    private static float[] scaled(float[] logits, double factor) {
        float[] scaled = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            scaled[i] = (float) (logits[i] * factor);
        }
        return scaled;
    }
}
