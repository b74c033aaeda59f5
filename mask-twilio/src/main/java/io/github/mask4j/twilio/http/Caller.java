package io.github.mask4j.twilio.http;

import java.util.Map;
import java.util.Optional;

/**
 * What an authentication check sees of a request: its headers (names in lower case, first value) and cookies.
 *
 * <p>Immutable and thread-safe.
 *
 * @param method the HTTP method
 * @param path the request path
 * @param headers header values by lower-case name
 * @param cookies cookie values by name
 */
public record Caller(String method, String path, Map<String, String> headers, Map<String, String> cookies) {
    public Caller {
        headers = Map.copyOf(headers);
        cookies = Map.copyOf(cookies);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    public Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies.get(name));
    }
}
