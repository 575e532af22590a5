package org.sentimentstream.model;

/**
 * Whether the model's tokenizer finds a word in a text: the rule of {@code model/src/main/c/review_ngrams.c} on the
 * text's UTF-8 bytes, in Java, so that a text the model cannot read (markup, emoji, punctuation or invisible
 * characters only) is known before it is scored. Words are runs of ASCII letters and digits and of the letters of
 * the scripts the op knows; markup ({@code <...>}) is skipped whole. Normal texts are decided at their first letter.
 */
public final class TextWords {
    private TextWords() {}

    public static boolean containsWord(String text) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '<') {
                int close = text.indexOf('>', i + 1);
                i = close >= 0 ? close + 1 : i + 1;
            } else if (c < 0x80) {
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                    return true;
                }
                i++;
            } else {
                int codePoint = text.codePointAt(i);
                if (isWordCodePoint(codePoint)) {
                    return true;
                }
                i += Character.charCount(codePoint);
            }
        }
        return false;
    }

    /** is_word_code_point of the op: the scripts' letter blocks (a lone surrogate is none of them). */
    static boolean isWordCodePoint(int c) {
        if (c < 0xC0) {
            return c == 0xAA || c == 0xB2 || c == 0xB3 || c == 0xB5 || c == 0xB9 || c == 0xBA
                    || (c >= 0xBC && c <= 0xBE);
        }
        if (c <= 0x24F) {
            return c != 0xD7 && c != 0xF7;
        }
        return (c >= 0x250 && c <= 0x2AF) || (c >= 0x370 && c <= 0x1FFF && c != 0x37E && c != 0x387)
                || (c >= 0x2C00 && c <= 0x2DFF) || (c >= 0x3040 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xD7FF)
                || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A)
                || (c >= 0xFF41 && c <= 0xFF5A) || (c >= 0x10000 && c <= 0x1EFFF) || (c >= 0x20000 && c <= 0x3FFFF);
    }
}
