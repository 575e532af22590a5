package org.sentimentstream.trainer.graph;

/**
 * Sizes of the network on top of the text features: {@code members} networks of the same size side by side in one
 * graph, each with its own embedding columns, hidden layer and logit, trained on its own loss; the graph's logit is
 * their mean (an ensemble that costs one pass over the text, as the features are found once for all of them).
 *
 * @param features the in-graph preprocessing
 * @param dims embedding size of each hashed n-gram, per member
 * @param hidden units of each member's ReLU layer between the pooled embedding and its logit
 * @param members networks averaged into the logit, 1 or more
 */
public record NetworkShape(FeatureSpec features, int dims, int hidden, int members) {
    public NetworkShape {
        if (dims < 1 || hidden < 1 || members < 1) {
            throw new IllegalArgumentException("dims, hidden and members must be at least 1");
        }
    }

    /** Columns of the embedding table: every member's embedding, member after member. */
    public int tableWidth() {
        return members * dims;
    }

    /** Units of the hidden layer of all members together. */
    public int hiddenWidth() {
        return members * hidden;
    }
}
