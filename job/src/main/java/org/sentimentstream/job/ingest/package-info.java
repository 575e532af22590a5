/** Kafka records to typed events: reviews and labels decoded and checked, everything else a counted dead letter. */
package org.sentimentstream.job.ingest;
