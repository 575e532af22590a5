package org.sentimentstream.job.score;

import org.sentimentstream.schemas.ModelRole;

/**
 * The model's verdict on one review; becomes a {@code SentimentEvent}.
 *
 * @param reviewId the scored review
 * @param eventTime the review's event time, epoch milliseconds
 * @param scoredAt when it was scored, epoch milliseconds
 * @param probability probability of positive
 * @param positive the predicted class (probability >= 0.5)
 * @param logit the model's raw output
 * @param modelVersion the model's content hash
 * @param truncated whether only the beginning of the text was scored
 * @param role CHAMPION (published on the sentiment topic) or CHALLENGER (on the shadow topic)
 */
public record ScoredReview(String reviewId, long eventTime, long scoredAt, double probability, boolean positive,
        float logit, String modelVersion, boolean truncated, ModelRole role) {

    /** A champion's verdict. */
    public ScoredReview(String reviewId, long eventTime, long scoredAt, double probability, boolean positive,
            float logit, String modelVersion, boolean truncated) {
        this(reviewId, eventTime, scoredAt, probability, positive, logit, modelVersion, truncated,
                ModelRole.CHAMPION);
    }
}
