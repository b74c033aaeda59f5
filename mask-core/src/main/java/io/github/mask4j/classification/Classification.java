package io.github.mask4j.classification;

import java.util.List;

/**
 * The result of classifying one image: every label with its confidence, most confident first (ml5's
 * {@code results} array).
 *
 * <p>Immutable and thread-safe.
 *
 * <p>{@link #unsure()} is set when the top confidence is below the classifier's
 * {@link ClassifierOptions#notSureBelow()} threshold: {@link #label()} is still the most likely label, and
 * {@link #displayLabel()} says {@value #NOT_SURE} instead.
 *
 * @param source where the image came from
 * @param predictions all labels, sorted by confidence, descending; confidences sum to 1
 * @param unsure whether the top confidence is under the classifier's "not sure" threshold
 */
public record Classification(String source, List<LabelConfidence> predictions, boolean unsure) {
    /** What {@link #displayLabel()} says for an {@link #unsure()} classification. */
    public static final String NOT_SURE = "not sure";

    /** A classification that is not marked unsure. */
    public Classification(String source, List<LabelConfidence> predictions) {
        this(source, predictions, false);
    }

    public Classification {
        predictions = List.copyOf(predictions);
        if (predictions.isEmpty()) {
            throw new IllegalArgumentException("a classification needs at least one prediction");
        }
    }

    /** The most confident label. */
    public String label() {
        return predictions.get(0).label();
    }

    /** Confidence of the most confident label. */
    public double confidence() {
        return predictions.get(0).confidence();
    }

    /** {@link #label()}, or {@value #NOT_SURE} when the classification is {@link #unsure()}. */
    public String displayLabel() {
        return unsure ? NOT_SURE : label();
    }

    /** Confidence of {@code label}, 0 when it is not among the predictions. */
    public double confidenceOf(String label) {
        return predictions.stream().filter(p -> p.label().equals(label)).mapToDouble(LabelConfidence::confidence)
                .findFirst().orElse(0);
    }
}
