package org.sentimentstream.cli.demo;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.sentimentstream.trainer.ChartImage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The demo's picture: scored reviews per second over the run, and windowed accuracy as the reports arrived (each
 * revision a point, final reports in their own series).
 */
final class DemoChart {
    private DemoChart() {}

    static void write(Map<Long, Long> scoredPerSecond, List<OutputWatcher.SeenReport> reports, long startMs,
            Path png) throws IOException {
        XYSeries rate = new XYSeries("reviews scored per second");
        scoredPerSecond.forEach((second, count) -> rate.add(second - startMs / 1000.0, count));
        JFreeChart throughput = ChartFactory.createXYLineChart("Throughput", "seconds since start",
                "reviews / s", new XYSeriesCollection(rate), PlotOrientation.VERTICAL, true, false, false);

        XYSeries revisions = new XYSeries("window report (revision)");
        XYSeries finals = new XYSeries("final window report");
        for (OutputWatcher.SeenReport seen : reports) {
            if (seen.report().getCount() == 0) {
                continue;
            }
            double x = (seen.seenAt() - startMs) / 1000.0;
            (seen.report().getFinal$() ? finals : revisions).add(x, seen.report().getAccuracy());
        }
        XYSeriesCollection accuracyData = new XYSeriesCollection();
        accuracyData.addSeries(revisions);
        accuracyData.addSeries(finals);
        JFreeChart accuracy = ChartFactory.createScatterPlot("Windowed accuracy as labels arrive",
                "seconds since start", "accuracy", accuracyData, PlotOrientation.VERTICAL, true, false, false);
        ((NumberAxis) accuracy.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(false);
        accuracy.getXYPlot().setRenderer(new XYLineAndShapeRenderer(false, true));

        ChartImage.write(png, List.of(throughput, accuracy));
    }
}
