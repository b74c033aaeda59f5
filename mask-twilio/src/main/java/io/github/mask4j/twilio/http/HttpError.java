package io.github.mask4j.twilio.http;

/**
 * A request refused with an HTTP status and a message for the caller (never a server path or a stack trace).
 * Routes throw it; {@link WebServer} turns it into a JSON error response.
 *
 * <p>Immutable and thread-safe.
 */
public final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
