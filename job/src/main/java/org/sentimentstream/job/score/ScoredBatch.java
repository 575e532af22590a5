package org.sentimentstream.job.score;

import java.util.List;

/** The scored reviews of one batch, in the batch's order. */
public record ScoredBatch(List<ScoredReview> reviews) {}
