package org.sentimentstream.model;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SymbolBlock;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.tensorflow.engine.TfNDManager;
import ai.djl.util.PairList;

import org.tensorflow.proto.ConfigProto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A sentiment SavedModel served by the DJL TensorFlow engine: one {@link Predictor} per instance, so each
 * thread (or Flink subtask) that scores owns one (an instance is not thread-safe). Loading checks the signature
 * and {@code golden.jsonl} before the first real text is scored.
 */
public final class SentimentModel implements AutoCloseable {
    /** Signature input: 1-D string tensor of raw review texts. */
    public static final String INPUT = "text";
    /** Signature output: 1-D float tensor, one logit per text. */
    public static final String OUTPUT = "logits";

    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;
    private final ModelMetadata metadata;
    private final Utf8Texts utf8 = new Utf8Texts();

    private SentimentModel(ZooModel<NDList, NDList> model, ModelMetadata metadata) {
        this.model = model;
        this.predictor = model.newPredictor();
        this.metadata = metadata;
    }

    /** Loads with one TensorFlow intra-op and inter-op thread, the fastest setting for stream-sized batches. */
    public static SentimentModel load(Path modelDir) {
        return load(modelDir, 1);
    }

    /**
     * Loads a model directory written by the trainer and verifies it.
     *
     * @param threads TensorFlow intra-op threads (inter-op stays 1)
     * @throws ModelException with a one-line reason for any model that must not serve
     */
    public static SentimentModel load(Path modelDir, int threads) {
        ModelException.requireDirectory(modelDir);
        if (!Files.isRegularFile(modelDir.resolve("saved_model.pb"))) {
            throw new ModelException("no saved_model.pb in " + modelDir + ": not a SavedModel directory");
        }
        ModelMetadata metadata = ModelMetadata.read(modelDir);
        GoldenExamples golden = GoldenExamples.read(modelDir);
        TensorFlowRuntime.engine();
        ZooModel<NDList, NDList> model = open(modelDir, threads);
        SentimentModel served = new SentimentModel(model, metadata);
        try {
            checkSignature(model);
            golden.check(served.logits(golden.texts()));
            return served;
        } catch (RuntimeException e) {
            served.close();
            throw e;
        }
    }

    private static ZooModel<NDList, NDList> open(Path modelDir, int threads) {
        ConfigProto config = TensorFlowRuntime.sessionConfig(threads);
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(modelDir)
                .optEngine(TensorFlowRuntime.ENGINE)
                .optTranslator(new NoopTranslator())
                .optOption("Tags", "serve")
                .optOption("SignatureDefKey", "serving_default")
                .optOption("ConfigProto", Base64.getEncoder().encodeToString(config.toByteArray()))
                .build();
        try {
            return criteria.loadModel();
        } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
            throw new ModelException("cannot load the SavedModel in " + modelDir + ": " + firstLine(e), e);
        }
    }

    private static void checkSignature(ZooModel<NDList, NDList> model) {
        SymbolBlock block = (SymbolBlock) model.getBlock();
        PairList<String, Shape> inputs = block.describeInput();
        PairList<String, Shape> outputs = block.describeOutput();
        if (inputs.size() != 1 || !INPUT.equals(inputs.get(0).getKey())
                || outputs.size() != 1 || !OUTPUT.equals(outputs.get(0).getKey())) {
            throw new ModelException("model signature must map input '" + INPUT + "' to output '" + OUTPUT
                    + "', found inputs " + inputs.keys() + " and outputs " + outputs.keys());
        }
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** The trainer's description of this model. */
    public ModelMetadata metadata() {
        return metadata;
    }

    /** Scores a batch of texts in one TensorFlow call and returns their logits in input order. */
    public float[] logits(List<String> texts) {
        if (texts.isEmpty()) {
            return new float[0];
        }
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray input = utf8.tensor((TfNDManager) manager, texts);
            input.setName(INPUT);
            NDList output = predictor.predict(new NDList(input));
            return output.get(0).toFloatArray();
        } catch (TranslateException e) {
            throw new ModelException("scoring failed: " + firstLine(e), e);
        }
    }

    /** Scores any number of texts, {@code batchSize} per TensorFlow call, and returns their logits in order. */
    public float[] logits(List<String> texts, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, not " + batchSize);
        }
        float[] logits = new float[texts.size()];
        for (int from = 0; from < texts.size(); from += batchSize) {
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + batchSize));
            System.arraycopy(logits(batch), 0, logits, from, batch.size());
        }
        return logits;
    }

    /** Scores a batch of texts; see {@link #logits(List)}. */
    public List<Prediction> predict(List<String> texts) {
        float[] logits = logits(texts);
        List<Prediction> predictions = new ArrayList<>(logits.length);
        for (float logit : logits) {
            predictions.add(Prediction.of(logit));
        }
        return predictions;
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
