package org.sentimentstream.trainer;

import org.sentimentstream.model.Reliability;
import org.sentimentstream.trainer.graph.ParameterValues;

import java.util.List;

/**
 * What a selection run produced.
 *
 * @param best the parameters of the epoch with the lowest validation loss
 * @param history every epoch that ran
 * @param bestEpoch 1-based epoch whose parameters are kept
 * @param validationLogits the validation reviews' logits with the kept parameters, in the validation split's order
 * @param validationLabels the validation reviews' labels, in the same order
 * @param seconds wall-clock seconds of training: naive-Bayes counting and the epochs
 */
public record TrainingRun(ParameterValues best, List<EpochResult> history, int bestEpoch, float[] validationLogits,
        int[] validationLabels, double seconds) {

    public EpochResult bestResult() {
        return history.get(bestEpoch - 1);
    }

    /** Expected calibration error (10 bins) of the validation logits. */
    public double validationEce() {
        return Reliability.of(validationLogits, validationLabels).ece();
    }
}
