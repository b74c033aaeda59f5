package io.github.mask4j.examples.report;

import io.github.mask4j.classification.Evaluation;
import io.github.mask4j.classification.Reliability;
import io.github.mask4j.file.AtomicFiles;
import io.github.mask4j.training.EpochResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The PNG plots the command line writes: training curves ({@code loss.png}, JFreeChart), the confusion
 * matrix ({@code confusion.png}, Java2D) and the reliability diagram ({@code calibration.png}, JFreeChart). Files are written under a temporary name and moved into place.
 *
 * <p>Stateless and thread-safe.
 */
public final class Plots {
    private Plots() {}

    /** Loss and accuracy per epoch, with the validation curves when training held examples out. */
    public static Path lossChart(List<EpochResult> epochs, Path file) {
        XYSeries loss = new XYSeries("training loss");
        XYSeries valLoss = new XYSeries("validation loss");
        XYSeries acc = new XYSeries("training accuracy");
        XYSeries valAcc = new XYSeries("validation accuracy");
        for (EpochResult e : epochs) {
            loss.add(e.epoch(), e.loss());
            if (e.accuracy() != null) {
                acc.add(e.epoch(), e.accuracy());
            }
            if (e.validationLoss() != null) {
                valLoss.add(e.epoch(), e.validationLoss());
            }
            if (e.validationAccuracy() != null) {
                valAcc.add(e.epoch(), e.validationAccuracy());
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        for (XYSeries s : List.of(loss, valLoss, acc, valAcc)) {
            if (s.getItemCount() > 0) {
                data.addSeries(s);
            }
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Training", "epoch", "loss / accuracy", data,
                PlotOrientation.VERTICAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, epochs.size() <= 40);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            renderer.setSeriesPaint(i, colour(String.valueOf(data.getSeriesKey(i))));
        }
        plot.setRenderer(renderer);
        return write(chart.createBufferedImage(800, 500), file);
    }

    /**
     * A reliability diagram: the accuracy of each confidence bin against its mean confidence, beside the
     * diagonal a calibrated classifier would follow; the title gives the expected calibration error.
     */
    public static Path calibrationChart(Reliability reliability, Path file) {
        XYSeries ideal = new XYSeries("perfectly calibrated");
        ideal.add(0, 0);
        ideal.add(1, 1);
        XYSeries observed = new XYSeries("accuracy per confidence bin");
        for (Reliability.Bin b : reliability.bins()) {
            if (b.count() > 0) {
                observed.add(b.meanConfidence(), b.accuracy());
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(ideal);
        data.addSeries(observed);
        int n = reliability.bins().stream().mapToInt(Reliability.Bin::count).sum();
        JFreeChart chart = ChartFactory.createXYLineChart(String.format(java.util.Locale.ROOT,
                "Reliability (ECE %.3f, %d images)", reliability.expectedCalibrationError(), n), "confidence",
                "accuracy", data, PlotOrientation.VERTICAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.getDomainAxis().setRange(0, 1);
        plot.getRangeAxis().setRange(0, 1.02);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesStroke(0, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        renderer.setSeriesPaint(0, Color.GRAY);
        renderer.setSeriesShapesVisible(0, false);
        renderer.setSeriesStroke(1, new BasicStroke(2f));
        renderer.setSeriesPaint(1, new Color(0x1C7ED6));
        plot.setRenderer(renderer);
        return write(chart.createBufferedImage(600, 600), file);
    }

    private static Color colour(String series) {
        return switch (series) {
            case "training loss" -> new Color(0xD9480F);
            case "validation loss" -> new Color(0x1C7ED6);
            case "training accuracy" -> new Color(0x2B8A3E);
            default -> new Color(0x7048E8);
        };
    }

    /** The confusion matrix as a shaded grid: rows are true labels, columns predicted. */
    public static Path confusionChart(Evaluation evaluation, Path file) {
        List<String> labels = evaluation.labels();
        int[][] m = evaluation.confusion();
        int n = labels.size();
        int cell = n <= 4 ? 120 : Math.max(40, 480 / n);
        int left = 160;
        int top = 90;
        int w = left + n * cell + 30;
        int h = top + n * cell + 60;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(String.format("Confusion matrix (accuracy %.1f%%)", evaluation.accuracy() * 100), 10, 24);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString("predicted \u2192", left, top - 40);
            g.drawString("true \u2193", 10, top - 10);
            int max = 1;
            for (int[] row : m) {
                for (int v : row) {
                    max = Math.max(max, v);
                }
            }
            FontMetrics fm = g.getFontMetrics();
            for (int c = 0; c < n; c++) {
                String s = shorten(labels.get(c), cell, fm);
                g.setColor(Color.BLACK);
                g.drawString(s, left + c * cell + (cell - fm.stringWidth(s)) / 2, top - 12);
            }
            for (int r = 0; r < n; r++) {
                g.setColor(Color.BLACK);
                g.drawString(shorten(labels.get(r), left - 15, fm), 10, top + r * cell + cell / 2 + 5);
                for (int c = 0; c < n; c++) {
                    float t = m[r][c] / (float) max;
                    Color fill = r == c ? new Color(1 - 0.75f * t, 1 - 0.35f * t, 1 - 0.75f * t)
                            : new Color(1 - 0.2f * t, 1 - 0.75f * t, 1 - 0.75f * t);
                    g.setColor(fill);
                    g.fillRect(left + c * cell, top + r * cell, cell, cell);
                    g.setColor(Color.GRAY);
                    g.drawRect(left + c * cell, top + r * cell, cell, cell);
                    g.setColor(Color.BLACK);
                    String v = Integer.toString(m[r][c]);
                    g.drawString(v, left + c * cell + (cell - fm.stringWidth(v)) / 2, top + r * cell + cell / 2 + 5);
                }
            }
        } finally {
            g.dispose();
        }
        return write(img, file);
    }

    private static String shorten(String s, int width, FontMetrics fm) {
        String out = s;
        while (out.length() > 3 && fm.stringWidth(out) > width - 6) {
            out = out.substring(0, out.length() - 2) + "\u2026";
        }
        return out;
    }

    private static Path write(BufferedImage img, Path file) {
        try {
            AtomicFiles.write(file, tmp -> ImageIO.write(img, "png", tmp.toFile()));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
