package io.github.mask4j.twilio.http;

/**
 * Decides whether a request comes from someone allowed to mint relay tokens and read room listings. The demos use
 * {@link SessionSecret}; a deployment plugs in its own (its login session, an OAuth bearer, mTLS identity...).
 *
 * <p>Implementations must be thread-safe: requests are checked on many threads at once.
 */
@FunctionalInterface
public interface CallerCheck {
    /** Whether {@code caller} is authenticated. */
    boolean isAuthenticated(Caller caller);

    /** Refuses everyone: token minting and listings answer 401 until a deployment provides a real check. */
    static CallerCheck nobody() {
        return caller -> false;
    }
}
