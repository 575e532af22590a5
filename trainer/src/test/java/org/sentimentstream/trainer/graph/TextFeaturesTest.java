package org.sentimentstream.trainer.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sentimentstream.model.TensorFlowRuntime;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The in-graph preprocessing, observed through the distinct hashed n-grams it yields per text. */
class TextFeaturesTest {
    private static TrainingGraph graph;

    @BeforeAll
    static void buildGraph() {
        TensorFlowRuntime.engine();
        NetworkShape shape = new NetworkShape(new FeatureSpec(1 << 20, 2), 1, 1, 1);
        graph = new TrainingGraph(shape, new AdamSettings(0.001, 0.9, 0.999, 1e-7), 0, 1, 1);
        graph.assign(ParameterValues.initial(shape, new float[1 << 20], 1));
    }

    @AfterAll
    static void close() {
        graph.close();
    }

    private static List<Set<Long>> features(String... texts) {
        long[][] f = graph.features(List.of(texts));
        List<Set<Long>> rows = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            rows.add(new TreeSet<>());
        }
        for (int i = 0; i < f[0].length; i++) {
            rows.get((int) f[0][i]).add(f[1][i]);
        }
        return rows;
    }

    @Test
    void unigramsAndBigramsAreDistinctPerReview() {
        List<Set<Long>> rows = features("alpha beta gamma", "alpha alpha alpha", "alpha");
        assertEquals(5, rows.get(0).size()); // 3 words + 2 bigrams
        assertEquals(2, rows.get(1).size()); // "alpha" and "alpha alpha", each once
        assertEquals(1, rows.get(2).size());
        long[][] raw = graph.features(List.of("alpha alpha alpha"));
        assertEquals(2, raw[0].length);
    }

    @Test
    void lowercasesAsciiLettersOnly() {
        List<Set<Long>> rows = features("GREAT Movie", "great movie", "ÇA été", "ça été");
        assertEquals(rows.get(1), rows.get(0));
        assertNotEquals(rows.get(3), rows.get(2)); // the price of a 2 µs lowercase instead of an 18 µs one
    }

    @Test
    void markupAndPunctuationBecomeSpaces() {
        List<Set<Long>> rows = features("Wow!<br />Great, great; movie...", "wow great great movie",
                "wow!<br/>ok", "wow ok", "<i>superb</i> acting", "superb acting");
        assertEquals(rows.get(1), rows.get(0));
        assertEquals(rows.get(3), rows.get(2)); // no "br" token left behind by "!<br/>"
        assertEquals(rows.get(5), rows.get(4));
    }

    @Test
    void digitsAndOtherScriptsAreWords() {
        List<Set<Long>> rows = features("10/10", "10 10", "映画 良い", "это ужасно 😀");
        assertEquals(rows.get(1), rows.get(0));
        assertEquals(3, rows.get(2).size());
        assertEquals(3, rows.get(3).size()); // the emoji is not a letter: "это", "ужасно", "это ужасно"
    }

    @Test
    void aWordHashesTheSameWhereverItStarts() {
        // words of 19, 8 and 8 bytes ("extraordinarilygood" hashes 3 blocks), from every offset across the word
        // bitmap's 64-byte blocks
        String words = "ExtraOrdinarilyGOOD Acting12 Film4All";
        Set<Long> expected = features(words.toLowerCase()).get(0);
        assertEquals(5, expected.size()); // 3 words, 2 bigrams
        for (int offset = 0; offset < 130; offset++) {
            assertEquals(expected, features(".".repeat(offset) + words + "!").get(0), "offset " + offset);
        }
    }

    @Test
    void markupAndLettersOutsideAsciiAreReadWhereverTheyFallInTheMarkingPass() {
        // the marking pass reads 16 plain ASCII bytes at a time and each '<' or byte outside ASCII on its own: words
        // next to markup, accented and CJK letters and an emoji, from every offset of two chunks and after markup
        String text = "Great<br />film caf\u00e9 \u6620\u753b\u00c9t\u00e9 ok\ud83d\ude00fine x";
        Set<Long> expected = features(text).get(0);
        assertEquals(features("great film caf\u00e9 \u6620\u753b\u00c9t\u00e9 ok fine x").get(0), expected);
        for (int offset = 0; offset < 40; offset++) {
            assertEquals(expected, features(" ".repeat(offset) + text).get(0), "offset " + offset);
            assertEquals(expected, features("<".repeat(offset) + ">" + text).get(0), "offset " + offset + ", markup");
        }
    }

    @Test
    void wordsDifferingInTheirLastBytesOrLengthDiffer() {
        List<Set<Long>> rows = features("abcdefgh", "abcdefgi", "abcdefghi", "abcdefghij", "abcdefghijklmnopq",
                "abcdefghijklmnopr");
        assertEquals(6, new TreeSet<>(rows.stream().map(Set::toString).toList()).size());
    }

    @Test
    void anUnclosedAngleBracketOnlySeparates() {
        assertEquals(features("great film").get(0), features("great <film").get(0));
        assertEquals(features("great film").get(0), features("great<film").get(0));
    }

    @Test
    void emptyAndWhitespaceOnlyTextsHaveNoFeatures() {
        List<Set<Long>> rows = features("", "   \t\n", "!!! ...", "<br /><br />", "word");
        for (int i = 0; i < 4; i++) {
            assertEquals(Set.of(), rows.get(i), "text " + i);
        }
        assertEquals(1, rows.get(4).size());
    }

    @Test
    void controlCharactersSeparateWords() {
        assertEquals(features("bad film").get(0), features("bad\u0000film").get(0));
    }

    @Test
    void veryLongTextIsScoredWhole() {
        String longText = "good movie ".repeat(100_000) + "final words";
        List<Set<Long>> rows = features(longText, "good movie good movie final words");
        assertEquals(rows.get(1), rows.get(0));
        float[] logits = graph.logits(List.of(longText, ""));
        assertEquals(2, logits.length);
        assertTrue(Float.isFinite(logits[0]) && Float.isFinite(logits[1]));
    }
}
