package org.sentimentstream.model;

/**
 * One scored text.
 *
 * @param probability probability that the text is positive, the sigmoid of {@code logit}
 * @param logit raw model output
 */
public record Prediction(double probability, float logit) {

    public static Prediction of(float logit) {
        return new Prediction(1.0 / (1.0 + Math.exp(-logit)), logit);
    }

    /** {@code positive} when the probability is at least 0.5, else {@code negative}. */
    public String label() {
        return logit >= 0 ? "positive" : "negative";
    }

    public boolean positive() {
        return logit >= 0;
    }
}
