package org.sentimentstream.trainer.graph;

/**
 * Sizes of the network on top of the text features.
 *
 * @param features the in-graph preprocessing
 * @param dims embedding size of each hashed n-gram
 * @param hidden units of the ReLU layer between the pooled embedding and the logit
 */
public record NetworkShape(FeatureSpec features, int dims, int hidden) {}
