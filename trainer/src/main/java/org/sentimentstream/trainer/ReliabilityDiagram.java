package org.sentimentstream.trainer;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.sentimentstream.model.Reliability;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A reliability diagram in one PNG: observed positive fraction against mean predicted probability per bin, beside
 * the diagonal a calibrated model follows; and the number of reviews per bin.
 */
public final class ReliabilityDiagram {
    private ReliabilityDiagram() {}

    public static void write(Reliability reliability, String title, Path png) throws IOException {
        XYSeries model = new XYSeries("model");
        XYSeries counts = new XYSeries("reviews");
        for (Reliability.Bin bin : reliability.bins()) {
            if (bin.count() > 0) {
                model.add(bin.meanProbability(), bin.positiveFraction());
            }
            counts.add((bin.lower() + bin.upper()) / 2, bin.count());
        }
        XYSeries diagonal = new XYSeries("perfectly calibrated");
        diagonal.add(0, 0);
        diagonal.add(1, 1);
        XYSeriesCollection curves = new XYSeriesCollection();
        curves.addSeries(model);
        curves.addSeries(diagonal);
        JFreeChart curve = ChartFactory.createXYLineChart(
                String.format(Locale.ROOT, "%s: ECE %.4f", title, reliability.ece()), "mean predicted probability",
                "fraction positive", curves, PlotOrientation.VERTICAL, true, false, false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesShapesVisible(0, true);
        curve.getXYPlot().setRenderer(renderer);
        unitRange((NumberAxis) curve.getXYPlot().getDomainAxis());
        unitRange((NumberAxis) curve.getXYPlot().getRangeAxis());

        XYSeriesCollection bars = new XYSeriesCollection(counts);
        bars.setIntervalWidth(1.0 / reliability.bins().size());
        JFreeChart histogram = ChartFactory.createXYBarChart("Reviews per bin", "predicted probability", false,
                "reviews", bars, PlotOrientation.VERTICAL, false, false, false);
        unitRange((NumberAxis) histogram.getXYPlot().getDomainAxis());
        ChartImage.write(png, List.of(curve, histogram));
    }

    private static void unitRange(NumberAxis axis) {
        axis.setRange(0, 1);
    }
}
