package io.github.mask4j.twilio.relay;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived tokens that let a page open the relay socket for one room: {@code room.expiry.nonce.signature}, the
 * signature being HMAC-SHA256 over the rest with a server secret. They are not Twilio tokens; the page gets one from
 * the application after the application has decided the user may monitor the room.
 *
 * <p>Thread-safe: a new {@link Mac} is made per call.
 */
public final class RelayTokens {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] secret;
    private final Clock clock;

    /**
     * @param secret HMAC key, at least 32 bytes
     * @param clock time source for expiry
     */
    public RelayTokens(byte[] secret, Clock clock) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < 32) {
            throw new IllegalArgumentException("the relay token secret needs at least 32 bytes, got " + secret.length);
        }
        this.secret = secret.clone();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Tokens signed with a fresh random secret (they die with this object). */
    public static RelayTokens random() {
        byte[] s = new byte[32];
        RANDOM.nextBytes(s);
        return new RelayTokens(s, Clock.systemUTC());
    }

    /** A token for {@code room}, valid for {@code ttl} (at most one day). */
    public String mint(String room, Duration ttl) {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(ttl, "ttl");
        if (room.isBlank()) {
            throw new IllegalArgumentException("room is blank");
        }
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("ttl must be in (0, 1 day], got " + ttl);
        }
        byte[] nonce = new byte[9];
        RANDOM.nextBytes(nonce);
        String body = B64.encodeToString(room.getBytes(StandardCharsets.UTF_8)) + "."
                + clock.instant().plus(ttl).getEpochSecond() + "." + B64.encodeToString(nonce);
        return body + "." + B64.encodeToString(sign(body));
    }

    /**
     * Checks a token's signature and expiry.
     *
     * @return the room it is bound to
     * @throws RelayTokenException naming what was wrong
     */
    public String verify(String token) {
        if (token == null || token.isEmpty()) {
            throw new RelayTokenException("no relay token");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 4) {
            throw new RelayTokenException("malformed relay token");
        }
        String body = parts[0] + "." + parts[1] + "." + parts[2];
        byte[] given;
        try {
            given = B64D.decode(parts[3]);
        } catch (IllegalArgumentException e) {
            throw new RelayTokenException("malformed relay token signature");
        }
        if (!MessageDigest.isEqual(sign(body), given)) {
            throw new RelayTokenException("relay token signature does not match");
        }
        long expiry;
        try {
            expiry = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            throw new RelayTokenException("malformed relay token expiry");
        }
        if (!clock.instant().isBefore(Instant.ofEpochSecond(expiry))) {
            throw new RelayTokenException("relay token expired at " + Instant.ofEpochSecond(expiry));
        }
        return new String(B64D.decode(parts[0]), StandardCharsets.UTF_8);
    }

    private byte[] sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
