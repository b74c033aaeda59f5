package io.github.mask4j.twilio.callback;

import java.net.URI;
import java.util.Objects;

/**
 * The URL a Twilio webhook signature covers: the URL Twilio called, exactly as configured (scheme, host, port if
 * one was given, path) followed by the query string of the request as it arrived. The configured URL's own query
 * string is not added again: Twilio calls the configured URL, so its query is already in the request's.
 *
 * <p>Stateless and thread-safe.
 */
public final class SignedUrl {
    private SignedUrl() {}

    /**
     * @param scheme {@code https} or {@code http}
     * @param authority host, with {@code :port} when the configured URL names one (and user info if it has any)
     * @param rawPath the path, percent-encoded as configured (kept as is, even when empty)
     * @param rawQuery the request's query string as received (percent-encoded), or null when it had none
     * @return {@code scheme://authority/path[?query]}
     */
    public static String of(String scheme, String authority, String rawPath, String rawQuery) {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(authority, "authority");
        StringBuilder b = new StringBuilder(scheme).append("://").append(authority)
                .append(rawPath == null ? "" : rawPath);
        if (rawQuery != null) {
            b.append('?').append(rawQuery);
        }
        return b.toString();
    }

    /**
     * The signed URL of a request with query {@code rawRequestQuery} to the public URL {@code configured} (whose
     * own query, if any, is ignored in favour of the request's).
     */
    public static String of(URI configured, String rawRequestQuery) {
        Objects.requireNonNull(configured, "configured");
        if (configured.getScheme() == null || configured.getRawAuthority() == null) {
            throw new IllegalArgumentException("the status callback URL must be absolute (https://host/path), got "
                    + configured);
        }
        return of(configured.getScheme(), configured.getRawAuthority(), configured.getRawPath(), rawRequestQuery);
    }
}
