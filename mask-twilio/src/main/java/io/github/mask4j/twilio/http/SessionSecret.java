package io.github.mask4j.twilio.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The demos' authentication: a random secret made at start and shown to whoever started the server (printed
 * login address). A caller is authenticated by {@code Authorization: Bearer SECRET} (scripts, tests) or by the
 * {@value #COOKIE} cookie that {@link WebServer} sets (HttpOnly, SameSite=Strict) when the page is opened with
 * {@code ?key=SECRET}. It proves only that the caller saw the server's output: a deployment uses its own
 * {@link CallerCheck}.
 *
 * <p>Immutable and thread-safe.
 */
public final class SessionSecret implements CallerCheck {
    /** The session cookie's name. */
    public static final String COOKIE = "mask4j_session";
    /** The login query parameter. */
    public static final String KEY_PARAMETER = "key";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String secret;

    private SessionSecret(String secret) {
        this.secret = secret;
    }

    /** A fresh random secret (32 bytes). */
    public static SessionSecret random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return new SessionSecret(Base64.getUrlEncoder().withoutPadding().encodeToString(b));
    }

    /** The secret, for the login address printed at start and for {@code Authorization: Bearer} headers. */
    public String value() {
        return secret;
    }

    /** Whether {@code candidate} is the secret (constant-time). */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8),
                secret.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean isAuthenticated(Caller caller) {
        String auth = caller.header("authorization").orElse("");
        if (auth.regionMatches(true, 0, "Bearer ", 0, 7) && matches(auth.substring(7).trim())) {
            return true;
        }
        return matches(caller.cookie(COOKIE).orElse(null));
    }
}
