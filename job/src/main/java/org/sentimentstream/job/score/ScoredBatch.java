package org.sentimentstream.job.score;

import java.util.List;

/**
 * The scored reviews of one batch, in the batch's order.
 *
 * @param reviews the champion's verdicts: the sentiment topic
 * @param shadow the challenger's verdicts on the same reviews, empty without a challenger
 */
public record ScoredBatch(List<ScoredReview> reviews, List<ScoredReview> shadow) {}
