package io.github.mask4j.twilio.token;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What a Video access token allows: one participant identity in one room, for a limited time.
 *
 * <p>Immutable and thread-safe.
 *
 * @param identity the participant identity shown to others
 * @param room the only room (name or sid) the token may join
 * @param ttl how long the token is valid: at least {@link #MIN_TTL}, at most {@link #MAX_TTL} (Twilio's 24 hours less
 *     a margin for a server clock running ahead of Twilio's)
 */
public record VideoTokenOptions(String identity, String room, Duration ttl) {
    /** Twilio's upper limit for an access token's lifetime; tokens that claim more are refused when used. */
    public static final Duration TWILIO_MAX_TTL = Duration.ofHours(24);
    /** Kept off Twilio's limit, so that a server clock a few minutes ahead still mints usable tokens. */
    public static final Duration CLOCK_MARGIN = Duration.ofMinutes(5);
    /** The longest lifetime allowed here: {@link #TWILIO_MAX_TTL} less {@link #CLOCK_MARGIN}. */
    public static final Duration MAX_TTL = TWILIO_MAX_TTL.minus(CLOCK_MARGIN);
    /** The shortest: the token's lifetime is written in whole seconds, and 0 would be expired when minted. */
    public static final Duration MIN_TTL = Duration.ofSeconds(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    public VideoTokenOptions {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(ttl, "ttl");
        if (identity.isBlank()) {
            throw new IllegalArgumentException("identity is blank");
        }
        if (room.isBlank()) {
            throw new IllegalArgumentException("room is blank: a token must be bound to one room");
        }
        if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttl must be between " + MIN_TTL.toSeconds() + " s and "
                    + MAX_TTL.toMinutes() + " min (Twilio's 24 h limit less a " + CLOCK_MARGIN.toMinutes()
                    + " min clock margin), got " + ttl);
        }
    }

    /** Options for {@code identity} in {@code room}, valid for one hour. */
    public static VideoTokenOptions of(String identity, String room) {
        return new VideoTokenOptions(identity, room, Duration.ofHours(1));
    }

    /** Identity prefix of relay monitors; the relay page does not count participants with it as company. */
    public static final String MONITOR_PREFIX = "mask4j-monitor-";

    /**
     * Options for a relay monitor in {@code room}, valid for one hour, with an identity of its own
     * ({@code mask4j-monitor-} and 12 random hex digits): Twilio disconnects a participant when another joins with
     * the same identity, so two monitors sharing one would push each other out in turn.
     */
    public static VideoTokenOptions monitor(String room) {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return of(MONITOR_PREFIX + HexFormat.of().formatHex(b), room);
    }

    /** The lifetime in whole seconds as written into the token (a fraction of a second is rounded up). */
    public int ttlSeconds() {
        long s = ttl.getSeconds() + (ttl.getNano() > 0 ? 1 : 0);
        return Math.toIntExact(s);
    }

    /** A copy with another lifetime. */
    public VideoTokenOptions withTtl(Duration newTtl) {
        return new VideoTokenOptions(identity, room, newTtl);
    }
}
