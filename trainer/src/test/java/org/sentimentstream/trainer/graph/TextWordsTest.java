package org.sentimentstream.trainer.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sentimentstream.model.TensorFlowRuntime;
import org.sentimentstream.model.TextWords;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** {@link TextWords} against the model's own tokenizer op: a text has a word exactly when the op finds a feature. */
class TextWordsTest {
    private static final List<String> NOT_WORDS = List.of(" ", "\u00A0", "\u200B", "\u0000", "\uFEFF", "😀", "!",
            "<br />", "<b>great</b>", "<", ">", "\u00D7", "\uFFFD", "\uD800", "\u2028", "\u3000", "\u037E", "\t\n",
            "—", "…", "★");
    private static final List<String> WORDS = List.of("a", "Z", "7", "é", "д", "中", "\u00B2", "\u00AA", "𝔸", "ｗ",
            "<a", "b>");

    @BeforeAll
    static void loadOps() {
        TensorFlowRuntime.engine();
    }

    @Test
    void documentedCases() {
        assertFalse(TextWords.containsWord(""));
        assertFalse(TextWords.containsWord("😀😀 🎬"));
        assertFalse(TextWords.containsWord("\u00A0\u200B\u0000"));
        assertFalse(TextWords.containsWord("<br /><br />!!!"));
        assertTrue(TextWords.containsWord("<br />ok"));
        assertTrue(TextWords.containsWord("это"));
        assertTrue(TextWords.containsWord("<unclosed markup"), "an unclosed '<' hides nothing");
    }

    @Test
    void agreesWithTheOpOnGeneratedTexts() {
        Random random = new Random(20);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            StringBuilder text = new StringBuilder();
            int pieces = random.nextInt(7);
            for (int p = 0; p < pieces; p++) {
                List<String> from = random.nextInt(10) == 0 ? WORDS : NOT_WORDS;
                text.append(from.get(random.nextInt(from.size())));
            }
            texts.add(text.toString());
        }
        float[] counts = opFeatureCounts(texts);
        int withWords = 0;
        for (int i = 0; i < texts.size(); i++) {
            boolean opFound = counts[i] > 0;
            String text = texts.get(i);
            assertEquals(opFound, TextWords.containsWord(text), () -> "text: " + escape(text));
            withWords += opFound ? 1 : 0;
        }
        assertTrue(withWords > 1_000 && withWords < 4_000, "both kinds are well represented: " + withWords);
    }

    private static float[] opFeatureCounts(List<String> texts) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TString> input = tf.placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
            TextFeatures features = TextFeatures.of(tf, input, new FeatureSpec(1 << 10, 1));
            try (Session session = new Session(g);
                    TString x = TString.vectorOf(texts.toArray(new String[0]));
                    Result r = session.runner().feed(input, x).fetch(features.counts()).run()) {
                return TrainingGraph.floats((TFloat32) r.get(0));
            }
        }
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> out.append(c < 0x80 && c >= 0x20 ? String.valueOf((char) c)
                : String.format("\\u{%X}", c)));
        return out.toString();
    }
}
