package org.sentimentstream.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code metadata.json} says about a trained model.
 *
 * @param modelVersion content hash of the exported graph and weights; changes whenever the served function does
 * @param createdAt ISO-8601 instant the export finished
 * @param datasetSha256 SHA-256 of the IMDB archive trained on ({@code directory} for an extracted folder)
 * @param hyperparameters every setting that shaped the model, by name
 * @param epochsRun epochs of the selection run (trained on the training split minus the validation reviews) before
 *     early stopping ended it
 * @param bestEpoch 1-based epoch of the selection run with the lowest validation loss
 * @param valAccuracy validation accuracy of the selection run's best epoch
 * @param valLoss validation log loss of the selection run's best epoch
 * @param valEce validation expected calibration error (10 bins) of the selection run's best epoch
 * @param temperature the held-out logits it was fitted on ({@code calibrationSize}) divided by this have the least log
 *     loss; 1 if no temperature was fitted
 * @param valEceScaled {@code valEce} with the logits divided by {@code temperature}
 * @param calibrationSize reviews whose held-out logits the temperature was fitted on: the calibration run's held-out
 *     fifth of the training split with a refit, the selection run's validation reviews without
 * @param calibrationEce expected calibration error (10 bins) of those logits
 * @param calibrationEceScaled {@code calibrationEce} with the logits divided by {@code temperature}
 * @param logitScale factor folded into the exported graph's logit: {@code 1 / temperature} when that lowered
 *     {@code calibrationEce}, else 1
 * @param refitEpochs epochs of the refit on every training review that produced the exported weights; 0 when the
 *     selection run's best epoch was exported as it is
 * @param testAccuracy accuracy of the exported model on the whole test split, scored once after training
 * @param testLoss log loss of the exported model on the whole test split
 * @param testEce expected calibration error (10 bins) of the exported model on the whole test split
 * @param trainSeconds wall-clock seconds of training: the selection run, the calibration run and the refit
 * @param device the device TensorFlow trained on
 * @param trainSize reviews the exported weights were trained on
 * @param valSize reviews in the selection run's validation split
 * @param testSize reviews in the test split
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder(alphabetic = false)
public record ModelMetadata(
        String modelVersion,
        String createdAt,
        String datasetSha256,
        Map<String, Object> hyperparameters,
        int epochsRun,
        int bestEpoch,
        double valAccuracy,
        double valLoss,
        double valEce,
        double temperature,
        double valEceScaled,
        int calibrationSize,
        double calibrationEce,
        double calibrationEceScaled,
        double logitScale,
        int refitEpochs,
        double testAccuracy,
        double testLoss,
        double testEce,
        double trainSeconds,
        String device,
        int trainSize,
        int valSize,
        int testSize) {

    /** File name inside a model directory. */
    public static final String FILE = "metadata.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public static ModelMetadata read(Path modelDir) {
        ModelException.requireDirectory(modelDir);
        Path file = modelDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new ModelException("model has no " + FILE + ": " + file);
        }
        try {
            return JSON.readValue(file.toFile(), ModelMetadata.class);
        } catch (IOException e) {
            throw new ModelException("unreadable " + file + ": " + e.getMessage(), e);
        }
    }

    public void write(Path modelDir) throws IOException {
        JSON.writeValue(modelDir.resolve(FILE).toFile(), this);
    }
}
