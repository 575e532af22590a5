package org.sentimentstream.trainer;

import org.sentimentstream.trainer.graph.ParameterValues;

/**
 * What the trainer exports and how it was chosen.
 *
 * @param selection the run that chose the epoch count on validation data: its history and validation figures
 * @param weights the trained weights: the refit's, or the selection run's best epoch's when there was no refit
 * @param refitEpochs epochs of the refit on every training review, 0 for none
 * @param calibration the temperature, fitted on held-out logits
 * @param seconds wall-clock seconds of the selection run, the calibration run and the refit
 */
public record TrainedModel(TrainingRun selection, ParameterValues weights, int refitEpochs,
        TemperatureScaling calibration, double seconds) {

    /** The weights as served: the calibration's logit scale folded into the output layer. */
    public ParameterValues exported() {
        return weights.withLogitScale(calibration.logitScale());
    }
}
