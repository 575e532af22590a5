package org.sentimentstream.trainer;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

import javax.imageio.ImageIO;

/** The tutorial's two plots, training vs validation loss and accuracy per epoch, side by side in one PNG. */
public final class TrainingCurves {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 420;

    private TrainingCurves() {}

    public static void write(List<EpochResult> history, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        JFreeChart loss = chart("Training and validation loss", "Loss", history,
                EpochResult::loss, EpochResult::valLoss);
        JFreeChart accuracy = chart("Training and validation accuracy", "Accuracy", history,
                EpochResult::accuracy, EpochResult::valAccuracy);
        BufferedImage image = new BufferedImage(2 * WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            loss.draw(g, new java.awt.geom.Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
            accuracy.draw(g, new java.awt.geom.Rectangle2D.Double(WIDTH, 0, WIDTH, HEIGHT));
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", png.toFile());
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
        chart.setBackgroundPaint(Color.WHITE);
        chart.getXYPlot().setBackgroundPaint(Color.WHITE);
        chart.getXYPlot().setDomainGridlinePaint(Color.LIGHT_GRAY);
        chart.getXYPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
        ((org.jfree.chart.axis.NumberAxis) chart.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(false);
        return chart;
    }
}
