package org.sentimentstream.trainer.graph;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Unique;
import org.tensorflow.op.ragged.RaggedTensorToSparse;
import org.tensorflow.op.strings.Lower;
import org.tensorflow.op.strings.StringNGrams;
import org.tensorflow.op.strings.StringSplit;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

import java.util.ArrayList;
import java.util.List;

/**
 * The in-graph text preprocessing, the one place that turns raw reviews into features, used by the training
 * graph, the naive-Bayes counts and the served graph alike: markup and control characters to spaces, lowercase
 * (Unicode), everything but letters and digits to spaces, whitespace split, word n-grams, hashing into buckets, and one feature per
 * distinct n-gram of a review (presence, not counts).
 *
 * @param rows review index (0-based in the batch) of each feature
 * @param buckets hashed n-gram bucket of each feature, distinct within a review
 * @param counts number of distinct n-grams per review, {@code [batch]}
 * @param batch number of reviews, scalar
 */
public record TextFeatures(Operand<TInt64> rows, Operand<TInt64> buckets, Operand<TFloat32> counts,
        Operand<TInt64> batch) {

    /**
     * Markup such as {@code <br />}, removed before punctuation so {@code !<br />} leaves no "br" token; and control
     * characters, removed before lowercasing, which would otherwise end the text at a NUL.
     */
    static final String MARKUP_OR_CONTROL = "<[^>]*>|\\p{Cc}";
    /** Anything that is not a letter or a digit in any script. */
    static final String NOT_WORD = "[^\\p{L}\\p{N}]+";

    public static TextFeatures of(Ops tf, Operand<TString> texts, FeatureSpec spec) {
        Operand<TString> noMarkup = tf.strings.staticRegexReplace(texts, MARKUP_OR_CONTROL, " ");
        Operand<TString> lower = tf.strings.lower(noMarkup, Lower.encoding("utf-8"));
        Operand<TString> words = tf.strings.staticRegexReplace(lower, NOT_WORD, " ");
        StringSplit tokens = tf.strings.stringSplit(words, tf.constant(""));

        Operand<TInt64> batch = tf.size(texts, TInt64.class);
        Operand<TInt64> tokenRows = column0(tf, tokens.indices());
        Operand<TInt64> tokensPerRow = tf.math.unsortedSegmentSum(tf.onesLike(tokenRows), tokenRows, batch);
        Operand<TInt64> tokenSplits = tf.concat(
                List.of(tf.constant(new long[] {0}), tf.math.cumsum(tokensPerRow, tf.constant(0))),
                tf.constant(0));

        List<Long> widths = new ArrayList<>();
        for (long n = 1; n <= spec.maxNgram(); n++) {
            widths.add(n);
        }
        StringNGrams<TInt64> ngrams =
                tf.strings.stringNGrams(tokens.values(), tokenSplits, " ", widths, "", "", 0L, false);
        Operand<TInt64> hashed = tf.strings.toHashBucketFast(ngrams.ngrams(), (long) spec.buckets());
        RaggedTensorToSparse<TInt64> sparse = tf.ragged.raggedTensorToSparse(
                List.of(ngrams.ngramsSplits()), hashed);
        Operand<TInt64> ngramRows = column0(tf, sparse.sparseIndices());

        // One key per (review, bucket): Unique drops repeats within a review and keeps first-seen order.
        Operand<TInt64> width = tf.constant((long) spec.buckets());
        Unique<TInt64, TInt64> distinct = tf.unique(
                tf.math.add(tf.math.mul(ngramRows, width), hashed), tf.constant(new long[] {0}), TInt64.class);
        Operand<TInt64> rows = tf.math.floorDiv(distinct.y(), width);
        Operand<TInt64> buckets = tf.math.floorMod(distinct.y(), width);
        Operand<TFloat32> counts = tf.math.unsortedSegmentSum(
                tf.onesLike(tf.dtypes.cast(buckets, TFloat32.class)), rows, batch);
        return new TextFeatures(rows, buckets, counts, batch);
    }

    private static Operand<TInt64> column0(Ops tf, Operand<TInt64> indices) {
        return tf.gather(indices, tf.constant(0), tf.constant(1));
    }
}
