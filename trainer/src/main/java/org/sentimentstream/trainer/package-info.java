/**
 * Offline training: split IMDB, count naive-Bayes ratios, train with early stopping, export the SavedModel and
 * its artifacts (metadata, history, curves, golden logits).
 */
package org.sentimentstream.trainer;
