/**
 * Scoring: a champion and at most one challenger per subtask, one TensorFlow call each per batch; the set follows
 * the models topic's commands, loading new models off the task thread and switching between batches.
 */
package org.sentimentstream.job.score;
