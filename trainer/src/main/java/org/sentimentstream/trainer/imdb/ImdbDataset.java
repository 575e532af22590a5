package org.sentimentstream.trainer.imdb;

import java.util.List;

/**
 * The labeled part of IMDB, each split sorted by id.
 *
 * @param train the 25,000 training reviews (or fewer in a small test archive)
 * @param test the 25,000 test reviews
 * @param sha256 SHA-256 of the archive read, or {@code directory} for an extracted folder
 */
public record ImdbDataset(List<ImdbReview> train, List<ImdbReview> test, String sha256) {

    /** The split named {@code train} or {@code test}. */
    public List<ImdbReview> split(String name) {
        return switch (name) {
            case "train" -> train;
            case "test" -> test;
            default -> throw new DataException("unknown split '" + name + "': use train or test");
        };
    }
}
