package io.github.mask4j.classification;

import java.util.List;

/**
 * The result of classifying one image: every label with its confidence, most confident first (ml5's
 * {@code results} array).
 *
 * <p>Immutable and thread-safe.
 *
 * @param source where the image came from
 * @param predictions all labels, sorted by confidence, descending; confidences sum to 1
 */
public record Classification(String source, List<LabelConfidence> predictions) {
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

    /** Confidence of {@code label}, 0 when it is not among the predictions. */
    public double confidenceOf(String label) {
        return predictions.stream().filter(p -> p.label().equals(label)).mapToDouble(LabelConfidence::confidence)
                .findFirst().orElse(0);
    }
}
