package org.sentimentstream.trainer;

import org.sentimentstream.trainer.imdb.ImdbReview;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The texts recorded in {@code golden.jsonl}: edge cases of the in-graph preprocessing (empty, whitespace, markup
 * only, punctuation only, Unicode, emoji, control characters, a very long text) plus a seeded sample of test
 * reviews, so a server that tokenises, hashes or pools differently fails its load-time check.
 */
public final class GoldenTexts {
    private static final int SAMPLED_REVIEWS = 24;

    private GoldenTexts() {}

    static List<String> edgeCases() {
        return List.of(
                "",
                "   ",
                "\t\n\r",
                "<br /><br />",
                "!!! ??? ...",
                "Great movie!<br />Loved it.",
                "An absolute masterpiece: moving, funny and beautifully shot.",
                "Dull, predictable and far too long. I want my two hours back.",
                "NOT BAD AT ALL",
                "not good at all",
                "The acting was fine but the plot made no sense whatsoever.",
                "Ça a été génial, un film magnifique !",
                "Это был ужасный фильм",
                "映画はとても良かった",
                "😀😀😀 loved it 😀",
                "10/10 would watch again",
                "1/10",
                "don't, won't, can't",
                "bad\u0000film\u0007with control characters",
                "<i>superb</i> <b>acting</b>",
                "good ".repeat(5000) + "bad ".repeat(3000));
    }

    /** Edge cases followed by a seeded sample of {@code reviews}. */
    public static List<String> select(List<ImdbReview> reviews, long seed) {
        List<String> texts = new ArrayList<>(edgeCases());
        Random random = new Random(seed);
        for (int i = 0; i < Math.min(SAMPLED_REVIEWS, reviews.size()); i++) {
            texts.add(reviews.get(random.nextInt(reviews.size())).text());
        }
        return texts;
    }
}
