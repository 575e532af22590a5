package org.sentimentstream.job.batch;

import org.sentimentstream.job.ingest.ReviewEvent;

import java.util.List;

/** Reviews scored together in one model call. */
public record ReviewBatch(List<ReviewEvent> reviews) {}
