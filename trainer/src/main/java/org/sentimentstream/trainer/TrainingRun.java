package org.sentimentstream.trainer;

import org.sentimentstream.trainer.graph.ParameterValues;

import java.util.List;

/**
 * What a selection run produced.
 *
 * @param best the parameters of the epoch with the lowest validation loss
 * @param history every epoch that ran
 * @param bestEpoch 1-based epoch whose parameters are kept
 * @param validationLogits the validation reviews' logits with the kept parameters, in the validation split's order
 * @param seconds wall-clock seconds of training: naive-Bayes counting and the epochs
 */
public record TrainingRun(ParameterValues best, List<EpochResult> history, int bestEpoch, float[] validationLogits,
        double seconds) {

    public EpochResult bestResult() {
        return history.get(bestEpoch - 1);
    }
}
