package org.sentimentstream.trainer;

import org.jfree.chart.JFreeChart;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

/** Charts drawn side by side, 640 x 420 each, white with light grid lines, into one PNG. */
public final class ChartImage {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 420;

    private ChartImage() {}

    public static void write(Path png, List<JFreeChart> charts) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(charts.size() * WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            for (int i = 0; i < charts.size(); i++) {
                JFreeChart chart = charts.get(i);
                chart.setBackgroundPaint(Color.WHITE);
                chart.getXYPlot().setBackgroundPaint(Color.WHITE);
                chart.getXYPlot().setDomainGridlinePaint(Color.LIGHT_GRAY);
                chart.getXYPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
                chart.draw(g, new Rectangle2D.Double(i * WIDTH, 0, WIDTH, HEIGHT));
            }
        } finally {
            g.dispose();
        }
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(image, "png", png.toFile());
    }
}
