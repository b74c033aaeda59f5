package io.github.mask4j.twilio.relay;

import io.github.mask4j.Mask4jException;

/**
 * A relay token was missing, forged, malformed or expired.
 *
 * <p>Immutable and thread-safe.
 */
public final class RelayTokenException extends Mask4jException {
    private static final long serialVersionUID = 1L;

    public RelayTokenException(String message) {
        super(message);
    }
}
