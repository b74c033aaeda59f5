package io.github.mask4j.examples.web;

import io.github.mask4j.twilio.TwilioCredentials;
import io.github.mask4j.twilio.token.VideoTokenOptions;
import io.github.mask4j.twilio.token.VideoTokens;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The web demo's access tokens: credentials from the environment (optional: without them the page explains how
 * to set them), names from the page checked, and the minting left to mask-twilio's {@link VideoTokens} (signed
 * locally with the API key, restricted to one room, valid for an hour).
 *
 * <p>Immutable and thread-safe.
 */
public final class TwilioTokens {
    public static final String ACCOUNT_SID = "TWILIO_ACCOUNT_SID";
    public static final String API_KEY = "TWILIO_API_KEY";
    public static final String API_SECRET = "TWILIO_API_SECRET";
    /** What the page shows when the variables are missing. */
    public static final String HOW_TO = "To join Twilio Video rooms, start the server with " + ACCOUNT_SID + ", "
            + API_KEY + " and " + API_SECRET + " set (an API key and secret from the Twilio console, "
            + "Account > API keys).";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9 _.@:-]{1,128}");

    private final VideoTokens tokens;

    public TwilioTokens(String accountSid, String apiKey, String apiSecret) {
        this.tokens = new VideoTokens(new TwilioCredentials(accountSid, apiKey, apiSecret));
    }

    /** Tokens from the environment variables, or empty when any is unset or blank. */
    public static Optional<TwilioTokens> fromEnvironment() {
        return from(System.getenv());
    }

    static Optional<TwilioTokens> from(Map<String, String> env) {
        String sid = env.get(ACCOUNT_SID);
        String key = env.get(API_KEY);
        String secret = env.get(API_SECRET);
        if (isBlank(sid) || isBlank(key) || isBlank(secret)) {
            return Optional.empty();
        }
        return Optional.of(new TwilioTokens(sid.trim(), key.trim(), secret.trim()));
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /**
     * A JWT letting {@code identity} join {@code room} only, valid for an hour.
     *
     * @throws IllegalArgumentException if the room or identity is empty, too long or has odd characters
     */
    public String token(String identity, String room) {
        check("identity", identity);
        check("room", room);
        return tokens.mint(VideoTokenOptions.of(identity, room));
    }

    private static void check(String what, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be 1-128 letters, digits, spaces or _.@:- , got '"
                    + value + "'");
        }
    }
}
