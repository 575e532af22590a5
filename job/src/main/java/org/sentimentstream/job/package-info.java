/**
 * The streaming job, read top-down: {@code ingest} (Kafka bytes to reviews and labels, bad input to dead letters)
 * → {@code batch} (micro-batches) → {@code score} (the model, once per subtask) → {@code join} (predictions with
 * their late labels) → {@code window} (accuracy reports per event-time window); {@code kafka} holds the connectors
 * and the embedded broker. {@link org.sentimentstream.job.SentimentJob} only wires them; {@link
 * org.sentimentstream.job.JobConfig} is every setting, typed and documented.
 */
package org.sentimentstream.job;
