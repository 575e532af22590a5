package org.sentimentstream.job.ingest;

/**
 * A decoded review, ready to score.
 *
 * @param reviewId the review's id
 * @param text the text to score, already cut to {@code text.max-chars}
 * @param eventTime the review's event time, epoch milliseconds
 * @param truncated whether {@code text} was cut
 */
public record ReviewEvent(String reviewId, String text, long eventTime, boolean truncated) {}
