package org.sentimentstream.job.join;

/**
 * What became of a prediction or a label in {@link LabelJoin}.
 *
 * @param kind MATCHED (prediction and label met), EXPIRED (a prediction whose label never came in time) or
 *     LABEL_DROPPED (a label whose prediction never came in time: too late, or for an unknown review)
 * @param modelVersion the model that predicted (the job's model for a dropped label)
 * @param eventTime the review's event time; the label's time for a dropped label
 * @param predictedPositive the predicted class (MATCHED, EXPIRED)
 * @param logit the model's output (MATCHED, EXPIRED)
 * @param actualPositive the true class (MATCHED, LABEL_DROPPED)
 */
public record JoinOutcome(Kind kind, String modelVersion, long eventTime, boolean predictedPositive, float logit,
        boolean actualPositive) {

    /** See {@link JoinOutcome}. */
    public enum Kind { MATCHED, EXPIRED, LABEL_DROPPED }
}
