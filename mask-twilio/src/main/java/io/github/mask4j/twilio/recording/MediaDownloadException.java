package io.github.mask4j.twilio.recording;

import io.github.mask4j.Mask4jException;

/**
 * A recording's media could not be downloaded (HTTP error, redirect loop, size mismatch after all retries).
 *
 * <p>Immutable and thread-safe.
 */
public final class MediaDownloadException extends Mask4jException {
    private static final long serialVersionUID = 1L;

    public MediaDownloadException(String message) {
        super(message);
    }

    public MediaDownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
