package org.sentimentstream.trainer;

import org.sentimentstream.trainer.imdb.ImdbReview;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The training split divided into reviews to train on and reviews to validate on, after a seeded shuffle: the
 * archive is sorted by label, so a prefix would hold one class only.
 */
public record DataSplit(List<ImdbReview> train, List<ImdbReview> validation) {

    public static DataSplit of(List<ImdbReview> reviews, int validationSize, long seed) {
        if (validationSize <= 0 || validationSize >= reviews.size()) {
            throw new IllegalArgumentException("validation size " + validationSize + " must be between 1 and "
                    + (reviews.size() - 1) + " for " + reviews.size() + " training reviews");
        }
        List<ImdbReview> shuffled = new ArrayList<>(reviews);
        Collections.shuffle(shuffled, new Random(seed));
        int cut = reviews.size() - validationSize;
        return new DataSplit(List.copyOf(shuffled.subList(0, cut)), List.copyOf(shuffled.subList(cut, shuffled.size())));
    }
}
