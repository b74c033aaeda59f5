package io.github.mask4j.classification;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How well a classifier's confidences match how often it is right: the classifications grouped into equal-width
 * confidence bins (a reliability diagram) and the expected calibration error (ECE), the example-weighted mean gap
 * between confidence and accuracy over the bins. A calibrated classifier that says 0.8 is right 8 times in 10;
 * its ECE is near 0.
 *
 * <pre>{@code
 * Evaluation e = classifier.evaluate(images);
 * Reliability r = Reliability.of(e.results(), images.stream().map(LabelledImage::label).toList(), 10);
 * double ece = r.expectedCalibrationError();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param bins the confidence bins, lowest first
 * @param expectedCalibrationError the ECE, 0 (calibrated) to 1
 */
public record Reliability(List<Bin> bins, double expectedCalibrationError) {
    /** The default number of bins, as in Guo et al. 2017. */
    public static final int DEFAULT_BINS = 10;

    /**
     * One confidence bin.
     *
     * @param lower lowest confidence of the bin (inclusive)
     * @param upper highest confidence of the bin (exclusive, but 1.0 belongs to the last bin)
     * @param count classifications whose top confidence falls in the bin
     * @param meanConfidence their mean top confidence (0 when empty)
     * @param accuracy the share of them that is right (0 when empty)
     */
    public record Bin(double lower, double upper, int count, double meanConfidence, double accuracy) {}

    public Reliability {
        bins = List.copyOf(bins);
    }

    /**
     * Bins the top confidence of each classification against whether its label is the true one.
     *
     * @param trueLabels the true label of each classification, in the same order
     */
    public static Reliability of(List<Classification> results, List<String> trueLabels, int binCount) {
        if (results.size() != trueLabels.size()) {
            throw new IllegalArgumentException(results.size() + " classifications but " + trueLabels.size()
                    + " true labels");
        }
        if (binCount <= 0) {
            throw new IllegalArgumentException("binCount must be positive, got " + binCount);
        }
        double[] sumConfidence = new double[binCount];
        int[] right = new int[binCount];
        int[] count = new int[binCount];
        for (int i = 0; i < results.size(); i++) {
            Classification c = results.get(i);
            int bin = Math.min(binCount - 1, (int) (c.confidence() * binCount));
            sumConfidence[bin] += c.confidence();
            right[bin] += Objects.equals(c.label(), trueLabels.get(i)) ? 1 : 0;
            count[bin]++;
        }
        List<Bin> bins = new ArrayList<>(binCount);
        double ece = 0;
        for (int b = 0; b < binCount; b++) {
            double conf = count[b] == 0 ? 0 : sumConfidence[b] / count[b];
            double acc = count[b] == 0 ? 0 : (double) right[b] / count[b];
            bins.add(new Bin((double) b / binCount, (double) (b + 1) / binCount, count[b], conf, acc));
            if (count[b] > 0) {
                ece += (double) count[b] / results.size() * Math.abs(conf - acc);
            }
        }
        return new Reliability(bins, ece);
    }
}
