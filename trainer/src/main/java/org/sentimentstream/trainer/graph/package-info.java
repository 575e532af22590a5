/**
 * The TensorFlow graphs, built with the core {@code org.tensorflow} API: the in-graph text features shared by
 * training and serving ({@link org.sentimentstream.trainer.graph.TextFeatures}), the network on top of them,
 * the training graph with its optimiser, and the SavedModel export.
 */
package org.sentimentstream.trainer.graph;
