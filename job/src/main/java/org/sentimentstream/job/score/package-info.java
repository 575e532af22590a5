/** Scoring: one model per subtask, loaded and self-checked in {@code open()}, one TensorFlow call per batch. */
package org.sentimentstream.job.score;
