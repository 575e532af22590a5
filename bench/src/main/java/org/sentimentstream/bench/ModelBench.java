package org.sentimentstream.bench;

import org.sentimentstream.model.SentimentModel;
import org.sentimentstream.model.TensorFlowRuntime;
import org.sentimentstream.trainer.graph.FeatureSpec;
import org.sentimentstream.trainer.graph.TextFeatures;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TString;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The model alone, on real reviews: reviews per second and process CPU per review for each batch size, through
 * DJL exactly as the job calls it (one TensorFlow thread); and the share of that CPU spent in the in-graph
 * preprocessing (see {@link #preprocessingShare}). Each repetition
 * passes over the reviews until at least {@link #MIN_SECONDS} have gone by, because the process CPU clock ticks in
 * 10 ms steps.
 */
final class ModelBench {
    /** One batch size's figures, medians over the repetitions. */
    record BatchFigures(int batchSize, double reviewsPerS, double cpuUsPerReview) {}

    static final double MIN_SECONDS = 1.0;

    private final List<String> texts;
    private final int repetitions;

    ModelBench(List<String> texts, int repetitions) {
        this.texts = texts;
        this.repetitions = repetitions;
    }

    /**
     * Measures each model at each batch size, the models in turn within every repetition, so a baseline and a
     * candidate see the same machine conditions.
     *
     * @return for each model in {@code modelDirs} order, its figures in {@code batchSizes} order
     */
    List<List<BatchFigures>> run(List<Path> modelDirs, List<Integer> batchSizes) {
        List<SentimentModel> models = new ArrayList<>();
        try {
            for (Path dir : modelDirs) {
                SentimentModel model = SentimentModel.load(dir);
                models.add(model);
                model.logits(texts, 128); // warm-up: JIT, TensorFlow's first runs
            }
            List<List<BatchFigures>> batches = new ArrayList<>();
            modelDirs.forEach(dir -> batches.add(new ArrayList<>()));
            for (int batchSize : batchSizes) {
                double[][] rates = new double[models.size()][repetitions];
                double[][] cpu = new double[models.size()][repetitions];
                for (int r = 0; r < repetitions; r++) {
                    for (int m = 0; m < models.size(); m++) {
                        long cpu0 = ProcessCpu.nanos();
                        long wall0 = System.nanoTime();
                        long scored = 0;
                        while (scored == 0 || System.nanoTime() - wall0 < MIN_SECONDS * 1e9) {
                            models.get(m).logits(texts, batchSize);
                            scored += texts.size();
                        }
                        rates[m][r] = scored * 1e9 / (System.nanoTime() - wall0);
                        cpu[m][r] = (ProcessCpu.nanos() - cpu0) / 1e3 / scored;
                    }
                }
                for (int m = 0; m < models.size(); m++) {
                    batches.get(m).add(new BatchFigures(batchSize, Median.of(rates[m]), Median.of(cpu[m])));
                }
            }
            return batches;
        } finally {
            models.forEach(SentimentModel::close);
        }
    }

    /**
     * CPU of the preprocessing over CPU up to the logits, measured alternately. The served graph finds the features
     * and sums their embeddings in one op, so the preprocessing alone is the training graph's op, {@link TextFeatures}
     * with the model's feature settings, in a session of its own.
     */
    double preprocessingShare(Path modelDir, FeatureSpec features, int batchSize) {
        TensorFlowRuntime.engine();
        try (SavedModelBundle bundle = SavedModelBundle.loader(modelDir.toString()).withTags("serve")
                .withConfigProto(TensorFlowRuntime.sessionConfig(1)).load();
                Graph featuresGraph = new Graph()) {
            SignatureDef signature = bundle.metaGraphDef().getSignatureDefMap().get("serving_default");
            String input = signature.getInputsMap().get(SentimentModel.INPUT).getName();
            String logits = signature.getOutputsMap().get(SentimentModel.OUTPUT).getName();
            Ops tf = Ops.create(featuresGraph);
            Placeholder<TString> texts = tf.placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
            String counts = TextFeatures.of(tf, texts, features).counts().op().name();
            try (Session featuresOnly = new Session(featuresGraph, TensorFlowRuntime.sessionConfig(1))) {
                cpuPerPass(bundle.session(), input, logits, batchSize);
                double[] shares = new double[repetitions];
                for (int r = 0; r < repetitions; r++) {
                    shares[r] = cpuPerPass(featuresOnly, texts.op().name(), counts, batchSize)
                            / cpuPerPass(bundle.session(), input, logits, batchSize);
                }
                return Median.of(shares);
            }
        }
    }

    /** Process CPU nanoseconds per pass over the reviews, fetching {@code fetch}. */
    private double cpuPerPass(Session session, String input, String fetch, int batchSize) {
        long cpu0 = ProcessCpu.nanos();
        long wall0 = System.nanoTime();
        int passes = 0;
        while (passes == 0 || System.nanoTime() - wall0 < MIN_SECONDS * 1e9) {
            for (int from = 0; from < texts.size(); from += batchSize) {
                List<String> batch = texts.subList(from, Math.min(texts.size(), from + batchSize));
                try (TString x = TString.vectorOf(batch.toArray(new String[0]));
                        Result ignored = session.runner().feed(input, x).fetch(fetch).run()) {
                    // only the cost matters
                }
            }
            passes++;
        }
        return (double) (ProcessCpu.nanos() - cpu0) / passes;
    }
}
