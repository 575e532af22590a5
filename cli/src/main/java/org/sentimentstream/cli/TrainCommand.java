package org.sentimentstream.cli;

import org.sentimentstream.model.ModelMetadata;
import org.sentimentstream.trainer.Hyperparameters;
import org.sentimentstream.trainer.ImdbTraining;
import org.sentimentstream.trainer.ModelStore;
import org.sentimentstream.trainer.imdb.ImdbDataset;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ./sentiment train}: IMDB in, a SavedModel with its artifacts out. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train the sentiment model on IMDB and export it as a SavedModel with metadata, "
                + "history, training curves and golden logits.")
final class TrainCommand implements Callable<Integer> {

    @Mixin
    ImdbDataOption data;

    @Option(names = "--model-dir", paramLabel = "DIR", defaultValue = SentimentCli.DEFAULT_MODEL_DIR,
            description = "Where to write the model (default: ${DEFAULT-VALUE}).")
    Path modelDir;

    @Option(names = "--models-dir", paramLabel = "DIR",
            description = "Instead of --model-dir: add the model to DIR as DIR/<model_version>, written aside and "
                    + "renamed into place at once; a model already there is never rewritten (for deployments).")
    Path modelsDir;

    @Spec
    CommandSpec spec;

    @Option(names = "--seed", defaultValue = "" + Hyperparameters.DEFAULT_SEED,
            description = "Seed of the split, initial weights and batch order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--epochs", defaultValue = "" + Hyperparameters.DEFAULT_MAX_EPOCHS,
            description = "Maximum epochs; early stopping usually ends sooner (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--patience", defaultValue = "" + Hyperparameters.DEFAULT_PATIENCE,
            description = "Epochs without a lower validation loss before stopping (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--batch-size", defaultValue = "" + Hyperparameters.DEFAULT_BATCH,
            description = "Reviews per training step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--learning-rate", defaultValue = "" + Hyperparameters.DEFAULT_LEARNING_RATE,
            description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--adam-epsilon", defaultValue = "" + Hyperparameters.DEFAULT_EPSILON,
            description = "Adam epsilon (default: ${DEFAULT-VALUE}).")
    double epsilon;

    @Option(names = "--buckets", defaultValue = "" + Hyperparameters.DEFAULT_BUCKETS,
            description = "Hashed n-gram buckets, a power of two (default: ${DEFAULT-VALUE}).")
    int buckets;

    @Option(names = "--ngrams", defaultValue = "" + Hyperparameters.DEFAULT_MAX_NGRAM,
            description = "Longest word n-gram (default: ${DEFAULT-VALUE}).")
    int ngrams;

    @Option(names = "--dims", defaultValue = "" + Hyperparameters.DEFAULT_DIMS,
            description = "Embedding size of each member (default: ${DEFAULT-VALUE}).")
    int dims;

    @Option(names = "--hidden", defaultValue = "" + Hyperparameters.DEFAULT_HIDDEN,
            description = "Units of each member's hidden ReLU layer (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--members", defaultValue = "" + Hyperparameters.DEFAULT_MEMBERS,
            description = "Networks trained side by side in the one graph, their logits averaged "
                    + "(default: ${DEFAULT-VALUE}).")
    int members;

    @Option(names = "--nb-alpha", defaultValue = "" + Hyperparameters.DEFAULT_NB_ALPHA,
            description = "Naive-Bayes smoothing (default: ${DEFAULT-VALUE}).")
    double nbAlpha;

    @Option(names = "--dropout", defaultValue = "" + Hyperparameters.DEFAULT_DROPOUT,
            description = "Fraction of n-gram features dropped per training step (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--validation-size", defaultValue = "" + Hyperparameters.DEFAULT_VALIDATION,
            description = "Training reviews held out to choose the epoch count and the temperature "
                    + "(default: ${DEFAULT-VALUE}).")
    int validationSize;

    @Option(names = "--no-refit", description = "Export the selection run's best epoch, trained without the "
            + "validation reviews, instead of refitting on every training review with its epoch count.")
    boolean noRefit;

    @Option(names = "--no-calibration", description = "Export the logit as trained, without the temperature "
            + "fitted on the validation reviews.")
    boolean noCalibration;

    @Option(names = "--threads", defaultValue = "" + Hyperparameters.DEFAULT_THREADS,
            description = "TensorFlow intra-op threads; 1 keeps runs bit-identical (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws Exception {
        if (modelsDir != null && spec.commandLine().getParseResult().hasMatchedOption("--model-dir")) {
            throw new ParameterException(spec.commandLine(), "give --model-dir or --models-dir, not both");
        }
        Hyperparameters hp = new Hyperparameters(seed, buckets, ngrams, dims, hidden, members, batchSize, epochs,
                patience, learningRate, epsilon, nbAlpha, dropout, validationSize, threads, !noRefit, !noCalibration);
        ImdbDataset dataset = data.read();
        ModelMetadata metadata;
        if (modelsDir == null) {
            metadata = ImdbTraining.run(hp, dataset, modelDir, System.err);
        } else {
            ModelStore.Published published = ModelStore.publish(modelsDir,
                    dir -> ImdbTraining.run(hp, dataset, dir, System.err));
            modelDir = published.dir();
            metadata = published.metadata();
            if (!published.added()) {
                System.err.println("the same model (graph and weights) is already in " + modelDir + ": kept as it is");
            }
        }
        System.out.printf(Locale.ROOT,
                "model %s written to %s%n  selection: best epoch %d of %d, val_accuracy %.4f, val_loss %.4f%n"
                        + "  exported: %s, temperature %.4f %s%n"
                        + "  test_accuracy %.4f, test_loss %.4f, test_ece %.4f, %.1fs of training%n",
                metadata.modelVersion(), modelDir, metadata.bestEpoch(), metadata.epochsRun(),
                metadata.valAccuracy(), metadata.valLoss(),
                metadata.refitEpochs() > 0
                        ? String.format(Locale.ROOT, "refit on %,d reviews for %d epochs", metadata.trainSize(),
                                metadata.refitEpochs())
                        : String.format(Locale.ROOT, "the selection run's epoch %d", metadata.bestEpoch()),
                metadata.temperature(), metadata.logitScale() == 1 ? "(not applied)" : "(folded into the logit)",
                metadata.testAccuracy(), metadata.testLoss(), metadata.testEce(), metadata.trainSeconds());
        return 0;
    }
}
