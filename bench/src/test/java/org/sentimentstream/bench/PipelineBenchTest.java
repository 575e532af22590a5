package org.sentimentstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.sentimentstream.trainer.imdb.ImdbReview;

import java.util.List;

class PipelineBenchTest {
    private final List<ImdbReview> reviews = List.of(new ImdbReview("a", true, 9, "great"),
            new ImdbReview("b", false, 2, "dull"), new ImdbReview("c", true, 8, "fine"));

    @Test
    void repeatsTheReviewsUnderDistinctIds() {
        List<ImdbReview> three = PipelineBench.passes(reviews, 3);
        assertEquals(List.of("a", "b", "c", "a#1", "b#1", "c#1", "a#2", "b#2", "c#2"),
                three.stream().map(ImdbReview::id).toList());
        assertEquals(List.of("great", "dull", "fine", "great", "dull", "fine", "great", "dull", "fine"),
                three.stream().map(ImdbReview::text).toList());
        assertEquals(List.of(true, false, true, true, false, true, true, false, true),
                three.stream().map(ImdbReview::positive).toList());
    }

    @Test
    void onePassIsTheReviewsThemselves() {
        assertEquals(reviews, PipelineBench.passes(reviews, 1));
    }
}
