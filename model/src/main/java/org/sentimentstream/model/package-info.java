/**
 * The served model contract: a SavedModel that maps raw review texts to one logit each, loaded with the DJL
 * TensorFlow engine ({@link org.sentimentstream.model.SentimentModel}), self-checked against the logits its
 * trainer recorded ({@link org.sentimentstream.model.GoldenExamples}), and described by its metadata.
 */
package org.sentimentstream.model;
