package org.sentimentstream.trainer;

import org.sentimentstream.trainer.imdb.ImdbReview;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The training split divided into reviews to train on and reviews to validate on, by movie: the movies are put in a
 * seeded random order and the reviews of the last ones validate, so validation scores movies the training part has
 * not seen, as the test split (its movies are not the training split's) and reviews from elsewhere do. Only the
 * movie at the cut may have reviews on both sides. Reviews of no known movie are each a movie of their own, which
 * makes it a plain seeded shuffle.
 */
public record DataSplit(List<ImdbReview> train, List<ImdbReview> validation) {

    public static DataSplit of(List<ImdbReview> reviews, int validationSize, long seed) {
        if (validationSize <= 0 || validationSize >= reviews.size()) {
            throw new IllegalArgumentException("validation size " + validationSize + " must be between 1 and "
                    + (reviews.size() - 1) + " for " + reviews.size() + " training reviews");
        }
        Map<String, List<ImdbReview>> byMovie = new TreeMap<>();
        for (ImdbReview review : reviews) {
            String movie = review.movie().isEmpty() ? "review " + review.id() : review.movie();
            byMovie.computeIfAbsent(movie, k -> new ArrayList<>()).add(review);
        }
        List<String> movies = new ArrayList<>(byMovie.keySet());
        Collections.shuffle(movies, new Random(seed));
        List<ImdbReview> ordered = new ArrayList<>(reviews.size());
        movies.forEach(movie -> ordered.addAll(byMovie.get(movie)));
        int cut = reviews.size() - validationSize;
        return new DataSplit(List.copyOf(ordered.subList(0, cut)), List.copyOf(ordered.subList(cut, ordered.size())));
    }
}
