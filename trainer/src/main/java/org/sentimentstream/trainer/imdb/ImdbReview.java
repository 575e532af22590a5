package org.sentimentstream.trainer.imdb;

/**
 * One labeled review.
 *
 * @param id stable id, {@code split/label/number_rating} as in the archive, e.g. {@code train/pos/1597_8}
 * @param positive the label: ratings 7-10 are positive, 1-4 negative
 * @param rating the reviewer's star rating, 1-10
 * @param text the review as written, markup included
 * @param movie the IMDB title the review is about ({@code tt0453418}), from the archive's {@code urls_*.txt}; empty
 *     when the data has no such file
 */
public record ImdbReview(String id, boolean positive, int rating, String text, String movie) {

    /** A review of no known movie. */
    public ImdbReview(String id, boolean positive, int rating, String text) {
        this(id, positive, rating, text, "");
    }

    /** 1 for positive, 0 for negative. */
    public int label() {
        return positive ? 1 : 0;
    }
}
