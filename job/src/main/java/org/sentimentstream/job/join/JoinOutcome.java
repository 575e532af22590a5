package org.sentimentstream.job.join;

import org.sentimentstream.schemas.ModelRole;

/**
 * What became of a prediction or a label in {@link LabelJoin}, or of a review both models predicted.
 *
 * @param kind MATCHED (prediction and label met), EXPIRED (a prediction whose label never came in time),
 *     LABEL_DROPPED (a label whose prediction never came in time: too late, or for an unknown review) or PAIRED
 *     (the champion's and the challenger's predictions of one review both met its label)
 * @param modelVersion the model that predicted (the job's model for a dropped label; the champion for PAIRED)
 * @param role the model's role when it predicted (CHAMPION for a dropped label and for PAIRED)
 * @param eventTime the review's event time; the label's time for a dropped label
 * @param predictedPositive the predicted class (MATCHED, EXPIRED; the champion's for PAIRED)
 * @param logit the model's output (MATCHED, EXPIRED)
 * @param actualPositive the true class (MATCHED, LABEL_DROPPED, PAIRED)
 * @param challengerVersion the challenger (PAIRED), else null
 * @param challengerPositive the challenger's predicted class (PAIRED)
 */
public record JoinOutcome(Kind kind, String modelVersion, ModelRole role, long eventTime, boolean predictedPositive,
        float logit, boolean actualPositive, String challengerVersion, boolean challengerPositive) {

    /** An outcome of the champion's prediction, or a dropped label. */
    public JoinOutcome(Kind kind, String modelVersion, long eventTime, boolean predictedPositive, float logit,
            boolean actualPositive) {
        this(kind, modelVersion, ModelRole.CHAMPION, eventTime, predictedPositive, logit, actualPositive, null,
                false);
    }

    /** The paired outcome of one review: what the champion and the challenger predicted, and the truth. */
    public static JoinOutcome paired(String championVersion, String challengerVersion, long eventTime,
            boolean championPositive, boolean challengerPositive, boolean actualPositive) {
        return new JoinOutcome(Kind.PAIRED, championVersion, ModelRole.CHAMPION, eventTime, championPositive, 0f,
                actualPositive, challengerVersion, challengerPositive);
    }

    /** See {@link JoinOutcome}. */
    public enum Kind { MATCHED, EXPIRED, LABEL_DROPPED, PAIRED }
}
