package org.sentimentstream.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.sentimentstream.trainer.imdb.ImdbReview;

import java.util.List;

class PipelineBenchTest {
    private final List<ImdbReview> reviews = List.of(new ImdbReview("a", true, 9, "great"),
            new ImdbReview("b", false, 2, "dull"), new ImdbReview("c", true, 8, "fine"));

    @Test
    void repeatsTheReviewsUnderDistinctIdsUntilTheCountIsReached() {
        List<ImdbReview> seven = PipelineBench.repeated(reviews, 7);
        assertEquals(List.of("a", "b", "c", "a#1", "b#1", "c#1", "a#2"),
                seven.stream().map(ImdbReview::id).toList());
        assertEquals(List.of("great", "dull", "fine", "great", "dull", "fine", "great"),
                seven.stream().map(ImdbReview::text).toList());
        assertEquals(List.of(true, false, true, true, false, true, true),
                seven.stream().map(ImdbReview::positive).toList());
    }

    @Test
    void takesTheFirstReviewsWhenFewerAreNeeded() {
        assertEquals(List.of("a", "b"), PipelineBench.repeated(reviews, 2).stream().map(ImdbReview::id).toList());
    }
}
