package org.sentimentstream.trainer;

import org.sentimentstream.trainer.graph.AdamSettings;
import org.sentimentstream.trainer.graph.FeatureSpec;
import org.sentimentstream.trainer.graph.NetworkShape;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every setting that shapes a trained model; recorded in {@code metadata.json}.
 *
 * @param seed fixes the split, the initial weights and the batch order: same seed, same model (on the CPU)
 * @param buckets hashed n-gram vocabulary size
 * @param maxNgram longest word n-gram
 * @param dims embedding size of each member
 * @param hidden units of each member's ReLU layer
 * @param members networks trained side by side in one graph, their logits averaged (an ensemble)
 * @param batchSize reviews per optimiser step
 * @param maxEpochs upper bound on epochs; early stopping usually ends sooner
 * @param patience epochs without a lower validation loss before stopping (the best epoch's weights are kept)
 * @param learningRate Adam's step size
 * @param epsilon Adam's epsilon; larger than Keras' 1e-7 to damp rare n-grams' first steps
 * @param nbAlpha naive-Bayes smoothing added to every bucket's count
 * @param dropout fraction of a review's n-gram features dropped in each training step
 * @param validationSize reviews of the training split held out for early stopping
 * @param threads TensorFlow intra-op threads
 * @param refit after the selection run, train again on every training review for the selection run's best epoch
 *     count, and export that
 * @param calibrate fit a temperature on the selection run's validation logits and fold it into the exported logit
 *     when it lowers the validation ECE
 */
public record Hyperparameters(long seed, int buckets, int maxNgram, int dims, int hidden, int members, int batchSize,
        int maxEpochs, int patience, double learningRate, double epsilon, double nbAlpha, double dropout,
        int validationSize, int threads, boolean refit, boolean calibrate) {

    public static final long DEFAULT_SEED = 1;
    /**
     * 2^21 buckets of {@link #DEFAULT_DIMS}, a 32 MB table: fewer bigrams share a bucket than in 2^20, for a lower
     * validation loss at the same CPU per review; the candidates and the rule that chose among them on validation
     * data are in docs/model.md, the serving cost in docs/benchmarks.md.
     */
    public static final int DEFAULT_BUCKETS = 1 << 21;
    public static final int DEFAULT_MAX_NGRAM = 2;
    /** 4: each feature's row is 16 bytes, so a review's rows cost few cache lines (docs/benchmarks.md). */
    public static final int DEFAULT_DIMS = 4;
    public static final int DEFAULT_HIDDEN = 16;
    /**
     * 4 networks averaged: the lowest validation loss of the candidates in docs/model.md; the features are found once
     * for all of them, and each feature's 4 rows of 4 floats fill one 64-byte cache line.
     */
    public static final int DEFAULT_MEMBERS = 4;
    public static final int DEFAULT_BATCH = 512;
    public static final int DEFAULT_MAX_EPOCHS = 40;
    public static final int DEFAULT_PATIENCE = 3;
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    public static final double DEFAULT_EPSILON = 1e-4;
    public static final double DEFAULT_NB_ALPHA = 1.0;
    /** Chosen on validation loss with the table size (docs/model.md): the network memorises its training reviews. */
    public static final double DEFAULT_DROPOUT = 0.5;
    public static final int DEFAULT_VALIDATION = 10_000;
    public static final int DEFAULT_THREADS = 1;

    public static Hyperparameters defaults() {
        return new Hyperparameters(DEFAULT_SEED, DEFAULT_BUCKETS, DEFAULT_MAX_NGRAM, DEFAULT_DIMS, DEFAULT_HIDDEN,
                DEFAULT_MEMBERS, DEFAULT_BATCH, DEFAULT_MAX_EPOCHS, DEFAULT_PATIENCE, DEFAULT_LEARNING_RATE,
                DEFAULT_EPSILON, DEFAULT_NB_ALPHA, DEFAULT_DROPOUT, DEFAULT_VALIDATION, DEFAULT_THREADS, true, true);
    }

    public NetworkShape shape() {
        return new NetworkShape(new FeatureSpec(buckets, maxNgram), dims, hidden, members);
    }

    /** The feature settings that {@link #asMap()} recorded in a model's metadata. */
    public static FeatureSpec featureSpec(Map<String, Object> recorded) {
        return new FeatureSpec(((Number) recorded.get("buckets")).intValue(),
                ((Number) recorded.get("max_ngram")).intValue());
    }

    public AdamSettings adam() {
        return new AdamSettings(learningRate, 0.9, 0.999, epsilon);
    }

    /** Name-value pairs in declaration order, for metadata. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("seed", seed);
        map.put("buckets", buckets);
        map.put("max_ngram", maxNgram);
        map.put("dims", dims);
        map.put("hidden", hidden);
        map.put("members", members);
        map.put("batch_size", batchSize);
        map.put("max_epochs", maxEpochs);
        map.put("patience", patience);
        map.put("learning_rate", learningRate);
        map.put("adam_epsilon", epsilon);
        map.put("nb_alpha", nbAlpha);
        map.put("dropout", dropout);
        map.put("validation_size", validationSize);
        map.put("threads", threads);
        map.put("refit", refit);
        map.put("calibrate", calibrate);
        map.put("features", "ReviewNgrams op: words are runs of letters and digits (markup and everything else "
                + "separate them), ASCII lowercased, 1.." + maxNgram + "-grams hashed, distinct per review");
        map.put("pooling", "naive-Bayes-weighted embedding sum / sqrt(distinct n-grams), per member; logits averaged");
        return map;
    }
}
