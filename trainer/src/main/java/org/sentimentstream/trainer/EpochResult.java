package org.sentimentstream.trainer;

import java.util.Locale;

/**
 * One epoch, Keras-style: training loss and accuracy averaged over the epoch's batches (as they were scored before
 * each step), validation loss and accuracy after the epoch.
 */
public record EpochResult(int epoch, double loss, double accuracy, double valLoss, double valAccuracy,
        double seconds) {

    /** A Keras-like summary line. */
    public String line(int maxEpochs) {
        return String.format(Locale.ROOT,
                "Epoch %d/%d - %.1fs - loss: %.4f - accuracy: %.4f - val_loss: %.4f - val_accuracy: %.4f",
                epoch, maxEpochs, seconds, loss, accuracy, valLoss, valAccuracy);
    }

    /** The columns of {@code history.csv}, in {@link #csv()} order. */
    public static final String CSV_HEADER = "epoch,loss,accuracy,val_loss,val_accuracy,seconds";

    /** Reads back a row written by {@link #csv()}. */
    public static EpochResult fromCsv(String row) {
        String[] cells = row.split(",");
        return new EpochResult(Integer.parseInt(cells[0]), Double.parseDouble(cells[1]), Double.parseDouble(cells[2]),
                Double.parseDouble(cells[3]), Double.parseDouble(cells[4]), Double.parseDouble(cells[5]));
    }

    /** A row of {@code history.csv}. */
    public String csv() {
        return String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.1f", epoch, loss, accuracy, valLoss, valAccuracy,
                seconds);
    }
}
