package io.github.mask4j.twilio.token;

import java.time.Duration;
import java.util.Objects;

/**
 * What a Video access token allows: one participant identity in one room, for a limited time.
 *
 * <p>Immutable and thread-safe.
 *
 * @param identity the participant identity shown to others
 * @param room the only room (name or sid) the token may join
 * @param ttl how long the token is valid (Twilio allows at most 24 hours)
 */
public record VideoTokenOptions(String identity, String room, Duration ttl) {
    /** Twilio's upper limit for access token lifetime. */
    public static final Duration MAX_TTL = Duration.ofHours(24);

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
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttl must be in (0, 24h], got " + ttl);
        }
    }

    /** Options for {@code identity} in {@code room}, valid for one hour. */
    public static VideoTokenOptions of(String identity, String room) {
        return new VideoTokenOptions(identity, room, Duration.ofHours(1));
    }

    /** A copy with another lifetime. */
    public VideoTokenOptions withTtl(Duration newTtl) {
        return new VideoTokenOptions(identity, room, newTtl);
    }
}
