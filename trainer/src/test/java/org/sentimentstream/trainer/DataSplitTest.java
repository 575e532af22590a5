package org.sentimentstream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sentimentstream.trainer.imdb.ImdbReview;
import org.sentimentstream.trainer.testutils.SyntheticImdb;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

class DataSplitTest {
    private final List<ImdbReview> reviews = SyntheticImdb.reviews("train", 500, 1); // sorted: 500 neg, 500 pos

    @Test
    void splitsIntoDisjointSeededPartsWithBothLabels() {
        DataSplit split = DataSplit.of(reviews, 400, 1);

        assertEquals(600, split.train().size());
        assertEquals(400, split.validation().size());
        Set<String> ids = new HashSet<>();
        split.train().forEach(r -> ids.add(r.id()));
        split.validation().forEach(r -> ids.add(r.id()));
        assertEquals(1000, ids.size());
        long positives = split.validation().stream().filter(ImdbReview::positive).count();
        assertTrue(positives > 150 && positives < 250, "validation positives " + positives);
    }

    @Test
    void validationHoldsMoviesTheTrainingPartHasNot() {
        DataSplit split = DataSplit.of(reviews, 400, 3);

        Set<String> trained = new HashSet<>();
        split.train().forEach(r -> trained.add(r.movie()));
        Set<String> shared = new HashSet<>();
        split.validation().stream().map(ImdbReview::movie).filter(trained::contains).forEach(shared::add);
        assertTrue(shared.size() <= 1, "movies on both sides: " + shared); // at most the one at the cut
        assertTrue(split.validation().stream().map(ImdbReview::movie).distinct().count() >= 39);
    }

    @Test
    void reviewsOfNoKnownMovieAreSplitOneByOne() {
        List<ImdbReview> anonymous = reviews.stream()
                .map(r -> new ImdbReview(r.id(), r.positive(), r.rating(), r.text())).toList();
        DataSplit split = DataSplit.of(anonymous, 400, 3);

        assertEquals(600, split.train().size());
        long positives = split.validation().stream().filter(ImdbReview::positive).count();
        assertTrue(positives > 150 && positives < 250, "validation positives " + positives);
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        assertEquals(DataSplit.of(reviews, 400, 7), DataSplit.of(reviews, 400, 7));
        assertNotEquals(DataSplit.of(reviews, 400, 7).validation(), DataSplit.of(reviews, 400, 8).validation());
    }
}
