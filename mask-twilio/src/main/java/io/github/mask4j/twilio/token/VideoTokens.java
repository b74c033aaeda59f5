package io.github.mask4j.twilio.token;

import com.twilio.jwt.accesstoken.AccessToken;
import com.twilio.jwt.accesstoken.VideoGrant;
import io.github.mask4j.twilio.TwilioCredentials;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Mints Twilio Video access tokens (JWT, HS256, signed with the API key secret) that carry a {@link VideoGrant}
 * restricted to a single room.
 *
 * <p>Thread-safe: holds only immutable credentials.
 */
public final class VideoTokens {
    private final TwilioCredentials credentials;

    public VideoTokens(TwilioCredentials credentials) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    /** A signed token for {@code options.identity()} in {@code options.room()}. */
    public String mint(VideoTokenOptions options) {
        Objects.requireNonNull(options, "options");
        byte[] secret = credentials.apiKeySecret().getBytes(StandardCharsets.UTF_8);
        if (secret.length < 32) {
            // HS256 needs a 256-bit key; Twilio API key secrets are 32 characters
            throw new IllegalArgumentException("the API key secret is shorter than 32 bytes; is it really an API key secret?");
        }
        VideoGrant grant = new VideoGrant().setRoom(options.room());
        AccessToken token = new AccessToken.Builder(credentials.accountSid(), credentials.apiKeySid(), secret)
                .identity(options.identity())
                .ttl(options.ttlSeconds())
                .grant(grant)
                .build();
        return token.toJwt();
    }
}
