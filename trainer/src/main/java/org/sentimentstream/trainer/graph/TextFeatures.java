package org.sentimentstream.trainer.graph;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Unique;
import org.tensorflow.op.strings.Lower;
import org.tensorflow.op.strings.StringSplit;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

import java.util.ArrayList;
import java.util.List;

/**
 * The in-graph text preprocessing, the one place that turns raw reviews into features, used by the training
 * graph, the naive-Bayes counts and the served graph alike: markup, punctuation and control characters to spaces
 * (one regex pass), lowercase (Unicode), whitespace split, word n-grams hashed into buckets, and one feature per
 * distinct n-gram of a review (presence, not counts).
 *
 * <p>Each word is hashed once (64-bit fingerprint, kept below 2^60); an n-gram's hash is combined from its words'
 * hashes with shifts and xors instead of building and hashing n-gram strings, which costs far less CPU.
 *
 * @param rows review index (0-based in the batch) of each feature
 * @param buckets hashed n-gram bucket of each feature, distinct within a review
 * @param counts number of distinct n-grams per review, {@code [batch]}
 * @param batch number of reviews, scalar
 */
public record TextFeatures(Operand<TInt64> rows, Operand<TInt64> buckets, Operand<TFloat32> counts,
        Operand<TInt64> batch) {

    /**
     * What becomes a space: markup such as {@code <br />}; runs of anything that is neither a letter, a digit nor
     * whitespace (punctuation, symbols, emoji, control characters); a lone {@code <}. Whitespace is left to the
     * split, so the common gap between two words is no match at all. The punctuation class stops at {@code <}, so
     * {@code !<br />} leaves no "br" behind. Control characters go before lowercasing, which would end a text at
     * a NUL.
     */
    static final String NOT_WORD = "<[^>]*>|[^\\p{L}\\p{N}\\s<]+|<";
    /** Word hashes stay below 2^60 so that combining up to four of them with shifts never turns negative. */
    private static final long WORD_HASH_RANGE = 1L << 60;

    public static TextFeatures of(Ops tf, Operand<TString> texts, FeatureSpec spec) {
        if (spec.maxNgram() > 4) {
            throw new IllegalArgumentException("n-grams up to 4 words are supported, not " + spec.maxNgram());
        }
        Operand<TString> spaced = tf.strings.staticRegexReplace(texts, NOT_WORD, " ");
        Operand<TString> lower = tf.strings.lower(spaced, Lower.encoding("utf-8"));
        StringSplit tokens = tf.strings.stringSplit(lower, tf.constant(""));
        Operand<TInt64> batch = tf.size(texts, TInt64.class);
        Operand<TInt64> tokenRows = tf.gather(tokens.indices(), tf.constant(0), tf.constant(1));
        Operand<TInt64> wordHashes = tf.strings.toHashBucketFast(tokens.values(), WORD_HASH_RANGE);

        List<Operand<TInt64>> hashes = new ArrayList<>(List.of(wordHashes));
        List<Operand<TInt64>> rowsOfHashes = new ArrayList<>(List.of(tokenRows));
        for (int width = 2; width <= spec.maxNgram(); width++) {
            Operand<TInt64> combined = window(tf, wordHashes, 0, width);
            for (int j = 1; j < width; j++) {
                combined = tf.bitwise.bitwiseXor(tf.bitwise.leftShift(combined, tf.constant(1L)),
                        window(tf, wordHashes, j, width));
            }
            // an n-gram exists where its first and last word belong to the same review
            Operand<TInt64> firstRows = window(tf, tokenRows, 0, width);
            Operand<TInt64> inOneReview = tf.reshape(
                    tf.where(tf.math.equal(firstRows, window(tf, tokenRows, width - 1, width))),
                    tf.constant(new long[] {-1}));
            hashes.add(tf.gather(combined, inOneReview, tf.constant(0)));
            rowsOfHashes.add(tf.gather(firstRows, inOneReview, tf.constant(0)));
        }
        Operand<TInt64> width = tf.constant((long) spec.buckets());
        Operand<TInt64> allBuckets = tf.math.floorMod(concat(tf, hashes), width);
        Operand<TInt64> allRows = concat(tf, rowsOfHashes);

        // One key per (review, bucket): Unique drops repeats within a review and keeps first-seen order.
        Unique<TInt64, TInt64> distinct = tf.unique(tf.math.add(tf.math.mul(allRows, width), allBuckets),
                tf.constant(new long[] {0}), TInt64.class);
        Operand<TInt64> rows = tf.math.floorDiv(distinct.y(), width);
        Operand<TInt64> buckets = tf.math.floorMod(distinct.y(), width);
        Operand<TFloat32> counts = tf.math.unsortedSegmentSum(
                tf.onesLike(tf.dtypes.cast(buckets, TFloat32.class)), rows, batch);
        return new TextFeatures(rows, buckets, counts, batch);
    }

    private static Operand<TInt64> concat(Ops tf, List<Operand<TInt64>> parts) {
        return parts.size() == 1 ? parts.get(0) : tf.concat(parts, tf.constant(0));
    }

    /** Elements {@code offset .. n - width + offset} of a vector: the offset-th word of every n-gram position. */
    private static Operand<TInt64> window(Ops tf, Operand<TInt64> vector, int offset, int width) {
        int fromEnd = width - 1 - offset;
        Long end = fromEnd == 0 ? null : (long) -fromEnd;
        return tf.stridedSlice(vector, Indices.slice(Long.valueOf(offset), end));
    }
}
