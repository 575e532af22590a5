package org.sentimentstream.trainer;

import org.sentimentstream.model.ModelMetadata;
import org.sentimentstream.model.TensorFlowRuntime;
import org.sentimentstream.trainer.graph.ParameterValues;
import org.sentimentstream.trainer.graph.ServingGraph;
import org.sentimentstream.trainer.imdb.ImdbDataset;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The whole of {@code ./sentiment train}: a selection run on the training split minus a validation split chooses the
 * epoch count; a calibration run, trained like the refit on four fifths of the training split, fits the temperature
 * on the fifth it did not see; a refit on the whole training split with those settings and the same seed gives the
 * weights; the export scores the test split once.
 */
public final class ImdbTraining {
    /** The calibration run holds out one review in this many. */
    static final int CALIBRATION_FOLDS = 5;

    private ImdbTraining() {}

    public static ModelMetadata run(Hyperparameters hp, ImdbDataset dataset, Path modelDir, PrintStream log)
            throws IOException {
        long start = System.nanoTime();
        DataSplit split = DataSplit.of(dataset.train(), hp.validationSize(), hp.seed());
        String device = TensorFlowRuntime.engine().getGpuCount() > 0 ? "GPU" : "CPU";
        log.printf(Locale.ROOT, "training on %s: %,d train / %,d validation reviews, test split %,d%n", device,
                split.train().size(), split.validation().size(), dataset.test().size());
        Trainer trainer = new Trainer(hp, log);
        TrainingRun selection = trainer.train(split.train(), split.validation());
        int refitEpochs = hp.refit() ? selection.bestEpoch() : 0;
        float[] heldOutLogits = selection.validationLogits();
        int[] heldOutLabels = selection.validationLabels();
        if (hp.refit() && hp.calibrate()) {
            DataSplit fold = DataSplit.of(dataset.train(), dataset.train().size() / CALIBRATION_FOLDS, hp.seed());
            log.printf(Locale.ROOT, "calibration run: %,d training reviews, %d epochs; the temperature is fitted on "
                    + "the other %,d%n", fold.train().size(), refitEpochs, fold.validation().size());
            try (ServingGraph served = new ServingGraph(trainer.refit(fold.train(), refitEpochs, "Calibration"),
                    hp.threads())) {
                heldOutLogits = ModelExport.score(served, fold.validation(), "scoring held-out fifth");
            }
            heldOutLabels = Trainer.labels(fold.validation());
        }
        TemperatureScaling calibration = hp.calibrate()
                ? TemperatureScaling.fit(heldOutLogits, heldOutLabels)
                : TemperatureScaling.none(heldOutLogits, heldOutLabels);
        log.printf(Locale.ROOT, "temperature %.4f: held-out ECE %.4f -> %.4f, %s%n", calibration.temperature(),
                calibration.eceBefore(), calibration.eceAfter(),
                calibration.logitScale() == 1 ? "not applied" : "folded into the logit");
        ParameterValues weights = selection.best();
        int trainSize = split.train().size();
        if (hp.refit()) {
            trainSize = dataset.train().size();
            log.printf(Locale.ROOT, "refit: all %,d training reviews, %d epochs (the selection run's best)%n",
                    trainSize, refitEpochs);
            weights = trainer.refit(dataset.train(), refitEpochs, "Refit");
        }
        TrainedModel model = new TrainedModel(selection, weights, refitEpochs, calibration,
                (System.nanoTime() - start) / 1e9);
        return ModelExport.write(modelDir, model, dataset.test(), new ModelExport.Context(hp, dataset.sha256(),
                trainSize, split.validation().size(), device));
    }
}
