package org.sentimentstream.trainer.graph;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.op.strings.Lower;
import org.tensorflow.op.strings.StringSplit;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

import java.util.ArrayList;
import java.util.List;

/**
 * The in-graph text preprocessing, the one place that turns raw reviews into features, used by the training
 * graph, the naive-Bayes counts and the served graph alike: markup, punctuation and control characters to spaces
 * (one regex pass), ASCII letters lowercased, whitespace split, word n-grams hashed into buckets, and one feature
 * per distinct n-gram of each width in a review (presence, not counts).
 *
 * <p>Each word is hashed once (64-bit fingerprint, kept below 2^60); an n-gram's hash is combined from its words'
 * hashes with shifts and xors instead of building and hashing n-gram strings, which costs far less CPU. Letters
 * outside ASCII keep their case: Unicode lowercasing cost as much as the whole regex pass (18 µs per review),
 * for text that is more than 99.9% ASCII.
 *
 * @param widths the features of each n-gram width (unigrams first), each sorted by review
 * @param counts number of features per review over all widths, {@code [batch]}
 * @param batch number of reviews, scalar
 */
public record TextFeatures(List<NgramFeatures> widths, Operand<TFloat32> counts, Operand<TInt64> batch) {

    /**
     * What becomes a space: markup such as {@code <br />}; runs of anything that is neither a letter, a digit nor
     * whitespace (punctuation, symbols, emoji, control characters); a lone {@code <}. Whitespace is left to the
     * split, so the common gap between two words is no match at all. The punctuation class stops at {@code <}, so
     * {@code !<br />} leaves no "br" behind.
     */
    static final String NOT_WORD = "<[^>]*>|[^\\p{L}\\p{N}\\s<]+|<";
    /** Name of the op holding {@link #counts()}; in the served graph it is {@code features/counts}. */
    public static final String COUNTS = "counts";
    /** Word hashes stay below 2^60 so that combining up to four of them with shifts never turns negative. */
    private static final long WORD_HASH_RANGE = 1L << 60;

    /**
     * The features of one n-gram width.
     *
     * @param rows review index (0-based in the batch) of each feature, ascending
     * @param buckets hashed n-gram bucket of each feature, distinct within a review
     */
    public record NgramFeatures(Operand<TInt64> rows, Operand<TInt64> buckets) {}

    public static TextFeatures of(Ops tf, Operand<TString> texts, FeatureSpec spec) {
        if (spec.maxNgram() > 4) {
            throw new IllegalArgumentException("n-grams up to 4 words are supported, not " + spec.maxNgram());
        }
        Operand<TString> spaced = tf.strings.staticRegexReplace(texts, NOT_WORD, " ");
        Operand<TString> lower = tf.strings.lower(spaced, Lower.encoding(""));
        StringSplit tokens = tf.strings.stringSplit(lower, tf.constant(""));
        Operand<TInt64> batch = tf.size(texts, TInt64.class);
        Operand<TInt64> tokenRows = tf.gather(tokens.indices(), tf.constant(0), tf.constant(1));
        Operand<TInt64> wordHashes = tf.strings.toHashBucketFast(tokens.values(), WORD_HASH_RANGE);

        List<NgramFeatures> widths = new ArrayList<>(List.of(distinct(tf, tokenRows, wordHashes, spec)));
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
            widths.add(distinct(tf, tf.gather(firstRows, inOneReview, tf.constant(0)),
                    tf.gather(combined, inOneReview, tf.constant(0)), spec));
        }
        Operand<TFloat32> counts = null;
        for (NgramFeatures w : widths) {
            Operand<TFloat32> perReview = tf.math.bincount(tf.dtypes.cast(w.rows(), TInt32.class),
                    tf.dtypes.cast(batch, TInt32.class), tf.constant(new float[0]));
            counts = counts == null ? perReview : tf.math.add(counts, perReview);
        }
        // named, so that a bench can run the preprocessing alone: it is everything "counts" depends on
        return new TextFeatures(List.copyOf(widths), tf.withName(COUNTS).identity(counts), batch);
    }

    /**
     * One feature per distinct (review, bucket): the key puts the review above the bucket's bits, and Unique keeps
     * first-seen order, so rows stay ascending.
     */
    private static NgramFeatures distinct(Ops tf, Operand<TInt64> rows, Operand<TInt64> hashes, FeatureSpec spec) {
        Operand<TInt64> mask = tf.constant(spec.buckets() - 1L);
        Operand<TInt64> shift = tf.constant((long) spec.bucketBits());
        Operand<TInt64> keys = tf.unique(tf.bitwise.bitwiseOr(tf.bitwise.leftShift(rows, shift),
                tf.bitwise.bitwiseAnd(hashes, mask)), tf.constant(new long[] {0}), TInt64.class).y();
        return new NgramFeatures(tf.bitwise.rightShift(keys, shift), tf.bitwise.bitwiseAnd(keys, mask));
    }

    /**
     * Every feature of every width in one pair of vectors, concatenated in {@link #widths()} order (so rows are
     * ascending within each width only): what the training graph gathers, weighs and differentiates.
     */
    public NgramFeatures flat(Ops tf) {
        return new NgramFeatures(concat(tf, widths.stream().map(NgramFeatures::rows).toList()),
                concat(tf, widths.stream().map(NgramFeatures::buckets).toList()));
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
