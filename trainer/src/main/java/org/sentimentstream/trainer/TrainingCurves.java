package org.sentimentstream.trainer;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The tutorial's two plots, training vs validation loss and accuracy per epoch, side by side in one PNG. */
public final class TrainingCurves {
    private TrainingCurves() {}

    public static void write(List<EpochResult> history, Path png) throws IOException {
        ChartImage.write(png, List.of(
                chart("Training and validation loss", "Loss", history, EpochResult::loss, EpochResult::valLoss),
                chart("Training and validation accuracy", "Accuracy", history, EpochResult::accuracy,
                        EpochResult::valAccuracy)));
    }

    private static JFreeChart chart(String title, String yLabel, List<EpochResult> history,
            ToDoubleFunction<EpochResult> training, ToDoubleFunction<EpochResult> validation) {
        XYSeries train = new XYSeries("Training");
        XYSeries val = new XYSeries("Validation");
        for (EpochResult epoch : history) {
            train.add(epoch.epoch(), training.applyAsDouble(epoch));
            val.add(epoch.epoch(), validation.applyAsDouble(epoch));
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(train);
        data.addSeries(val);
        JFreeChart chart = ChartFactory.createXYLineChart(title, "Epoch", yLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        ((org.jfree.chart.axis.NumberAxis) chart.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(false);
        return chart;
    }
}
