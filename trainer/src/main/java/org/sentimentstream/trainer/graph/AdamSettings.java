package org.sentimentstream.trainer.graph;

/**
 * Adam's settings. The embedding table uses the lazy variant (only rows the batch touched move), the dense layers
 * the standard one; both share these numbers.
 */
public record AdamSettings(double learningRate, double beta1, double beta2, double epsilon) {

    /** Bias-corrected step size at 1-based step {@code t}. */
    public double correctedRate(long t) {
        return learningRate * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
    }
}
