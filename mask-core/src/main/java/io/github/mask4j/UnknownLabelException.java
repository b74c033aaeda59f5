package io.github.mask4j;

import java.util.List;

/**
 * A label was asked for that the classifier does not know (for example when evaluating on a folder whose
 * name is not one of the trained labels, or removing a class that was never added).
 *
 * <p>Instances are immutable and thread-safe.
 */
public class UnknownLabelException extends Mask4jException {
    private static final long serialVersionUID = 1L;
    private final String label;

    public UnknownLabelException(String label, List<String> known) {
        super("unknown label '" + label + "'; known labels: " + known);
        this.label = label;
    }

    /** The label that was not known. */
    public String label() {
        return label;
    }
}
