/** Micro-batching: reviews grouped by count or age, flushed before every barrier and watermark so none is lost. */
package org.sentimentstream.job.batch;
