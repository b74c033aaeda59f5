package io.github.mask4j.twilio.http;

/**
 * Handles one request of a {@link WebServer} path and method; answers through the {@link Exchange}. Throwing
 * {@link HttpError} answers its status; {@link IllegalArgumentException} and mask4j's input errors answer 400,
 * {@link IllegalStateException} 409.
 *
 * <p>Implementations must be thread-safe: requests run on many threads at once.
 */
@FunctionalInterface
public interface Route {
    void handle(Exchange exchange) throws Exception;
}
