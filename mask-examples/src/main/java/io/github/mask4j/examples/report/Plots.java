package io.github.mask4j.examples.report;

import io.github.mask4j.classification.Evaluation;
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
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * The PNG plots the command line writes: training curves ({@code loss.png}, JFreeChart) and the confusion
 * matrix ({@code confusion.png}, Java2D). Files are written under a temporary name and moved into place.
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
        }
        plot.setRenderer(renderer);
        return write(chart.createBufferedImage(800, 500), file);
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
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                ImageIO.write(img, "png", tmp.toFile());
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
