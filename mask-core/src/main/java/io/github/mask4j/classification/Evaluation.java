package io.github.mask4j.classification;

import io.github.mask4j.BatchResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a classifier did on labelled images: accuracy, per-class precision, recall, F1 and support, and the
 * confusion matrix (rows = true label, columns = predicted label, both in {@link #labels()} order).
 *
 * <p>Immutable and thread-safe.
 *
 * @param accuracy share of the evaluated images classified as their true label
 * @param labels the classifier's labels
 * @param confusion counts, rows = true label, columns = predicted
 * @param perClass precision, recall, F1 and support of each label
 * @param results the classification of each evaluated image, in input order
 * @param failures the images that could not be read, in input order; they are in no figure above
 */
public record Evaluation(double accuracy, List<String> labels, int[][] confusion, Map<String, ClassMetrics> perClass,
        List<Classification> results, List<BatchResult.Failure<Classification>> failures) {

    public Evaluation {
        labels = List.copyOf(labels);
        int[][] copy = new int[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            copy[i] = confusion[i].clone();
        }
        confusion = copy;
        perClass = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(perClass));
        results = List.copyOf(results);
        failures = List.copyOf(failures);
    }

    /** Builds the figures from true and predicted label indices. */
    public static Evaluation of(List<String> labels, int[] truth, List<Classification> results) {
        return of(labels, truth, results, List.of());
    }

    /**
     * Builds the figures from true and predicted label indices of the images that could be read, and keeps the
     * failures of those that could not.
     */
    public static Evaluation of(List<String> labels, int[] truth, List<Classification> results,
            List<BatchResult.Failure<Classification>> failures) {
        int n = labels.size();
        int[][] confusion = new int[n][n];
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            int predicted = labels.indexOf(results.get(i).label());
            confusion[truth[i]][predicted]++;
            if (predicted == truth[i]) {
                correct++;
            }
        }
        Map<String, ClassMetrics> per = new LinkedHashMap<>();
        for (int c = 0; c < n; c++) {
            int tp = confusion[c][c];
            int predicted = 0;
            int support = 0;
            for (int o = 0; o < n; o++) {
                predicted += confusion[o][c];
                support += confusion[c][o];
            }
            double precision = predicted == 0 ? 0 : (double) tp / predicted;
            double recall = support == 0 ? 0 : (double) tp / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            per.put(labels.get(c), new ClassMetrics(precision, recall, f1, support));
        }
        return new Evaluation(truth.length == 0 ? 0 : (double) correct / truth.length, labels, confusion, per,
                results, failures);
    }

    @Override
    public int[][] confusion() {
        int[][] copy = new int[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            copy[i] = confusion[i].clone();
        }
        return copy;
    }

    public int total() {
        return results.size();
    }

    /** A readable report: accuracy, the per-class table and the confusion matrix. */
    public String toTable() {
        int w = Math.max(12, labels.stream().mapToInt(String::length).max().orElse(0) + 2);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "accuracy %.4f (%d images)%n%n", accuracy, total()));
        sb.append(String.format(Locale.ROOT, "%-" + w + "s %9s %9s %9s %8s%n", "label", "precision", "recall", "f1",
                "support"));
        perClass.forEach((label, m) -> sb.append(String.format(Locale.ROOT, "%-" + w + "s %9.4f %9.4f %9.4f %8d%n",
                label, m.precision(), m.recall(), m.f1(), m.support())));
        sb.append(String.format(Locale.ROOT, "%nconfusion (rows = true, columns = predicted)%n%-" + w + "s", ""));
        labels.forEach(l -> sb.append(String.format(Locale.ROOT, " %" + w + "s", l)));
        sb.append(System.lineSeparator());
        for (int r = 0; r < labels.size(); r++) {
            sb.append(String.format(Locale.ROOT, "%-" + w + "s", labels.get(r)));
            for (int c = 0; c < labels.size(); c++) {
                sb.append(String.format(Locale.ROOT, " %" + w + "d", confusion[r][c]));
            }
            sb.append(System.lineSeparator());
        }
        return sb.toString();
    }
}
