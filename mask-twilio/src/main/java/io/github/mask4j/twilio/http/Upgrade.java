package io.github.mask4j.twilio.http;

/**
 * Accepts a WebSocket upgrade on a {@link WebServer} path, after the server's Host and Origin checks: returns the
 * Jetty WebSocket endpoint for the new connection, or throws {@link HttpError} to refuse it with that status.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Upgrade {
    Object accept(Exchange exchange) throws Exception;
}
