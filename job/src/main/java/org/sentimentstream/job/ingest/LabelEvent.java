package org.sentimentstream.job.ingest;

/**
 * A decoded ground-truth label.
 *
 * @param reviewId the labeled review
 * @param positive the true class
 * @param labelTime when the label became known, epoch milliseconds (its event time)
 */
public record LabelEvent(String reviewId, boolean positive, long labelTime) {}
