package org.sentimentstream.trainer;

import org.sentimentstream.model.ModelMetadata;
import org.sentimentstream.model.TensorFlowRuntime;
import org.sentimentstream.trainer.imdb.ImdbDataset;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/** The whole of {@code ./sentiment train}: split the training reviews, train, export with every artifact. */
public final class ImdbTraining {
    private ImdbTraining() {}

    public static ModelMetadata run(Hyperparameters hp, ImdbDataset dataset, Path modelDir, PrintStream log)
            throws IOException {
        DataSplit split = DataSplit.of(dataset.train(), hp.validationSize(), hp.seed());
        String device = TensorFlowRuntime.engine().getGpuCount() > 0 ? "GPU" : "CPU";
        log.printf(Locale.ROOT, "training on %s: %,d train / %,d validation reviews, test split %,d%n", device,
                split.train().size(), split.validation().size(), dataset.test().size());
        TrainingRun run = new Trainer(hp, log).train(split.train(), split.validation());
        return ModelExport.write(modelDir, run, dataset.test(), new ModelExport.Context(hp, dataset.sha256(),
                split.train().size(), split.validation().size(), device));
    }
}
