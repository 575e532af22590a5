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
    /*
     * The defaults below were chosen together, by the lowest validation loss on movies the training part had not seen
     * (DataSplit); the candidates and the rule are in docs/model.md, the serving cost in docs/benchmarks.md.
     */
    /** 2^22 buckets of {@link #DEFAULT_MEMBERS} x {@link #DEFAULT_DIMS} floats, a 128 MB table: trigrams need room. */
    public static final int DEFAULT_BUCKETS = 1 << 22;
    /** Uni-, bi- and trigrams: with enough smoothing ({@link #DEFAULT_NB_ALPHA}) the trigrams pay. */
    public static final int DEFAULT_MAX_NGRAM = 3;
    /** 4: each feature's row is 16 bytes per member, so a review's rows cost few cache lines (docs/benchmarks.md). */
    public static final int DEFAULT_DIMS = 4;
    public static final int DEFAULT_HIDDEN = 16;
    /** 2 networks averaged: the features are found once for both, and a feature's rows are one 32-byte read. */
    public static final int DEFAULT_MEMBERS = 2;
    public static final int DEFAULT_BATCH = 512;
    public static final int DEFAULT_MAX_EPOCHS = 40;
    public static final int DEFAULT_PATIENCE = 3;
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    public static final double DEFAULT_EPSILON = 1e-4;
    /**
     * 4: the naive-Bayes ratio of an n-gram seen in few reviews stays near 0, so names and titles of the training
     * movies weigh little; a smoothing of 1 did better on reviews of movies already seen, worse on new ones.
     */
    public static final double DEFAULT_NB_ALPHA = 4.0;
    /** The network memorises its training reviews; half of a review's features dropped per step holds it back. */
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
