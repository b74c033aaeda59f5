package io.github.mask4j.twilio;

import java.util.Objects;

/**
 * The account and API key mask4j uses to mint access tokens and call Twilio's REST API. Create an API key
 * (SK...) in the Twilio console; the auth token is only needed to validate status callbacks.
 *
 * <p>Immutable and thread-safe.
 *
 * @param accountSid the account (AC...)
 * @param apiKeySid the API key (SK...)
 * @param apiKeySecret the API key's secret
 */
public record TwilioCredentials(String accountSid, String apiKeySid, String apiKeySecret) {
    public TwilioCredentials {
        requireNonBlank(accountSid, "accountSid");
        requireNonBlank(apiKeySid, "apiKeySid");
        requireNonBlank(apiKeySecret, "apiKeySecret");
        if (!accountSid.startsWith("AC")) {
            throw new IllegalArgumentException("accountSid must start with AC, got " + abbreviate(accountSid));
        }
        if (!apiKeySid.startsWith("SK")) {
            throw new IllegalArgumentException("apiKeySid must start with SK, got " + abbreviate(apiKeySid));
        }
    }

    /** Reads TWILIO_ACCOUNT_SID, TWILIO_API_KEY and TWILIO_API_SECRET from the environment. */
    public static TwilioCredentials fromEnvironment() {
        return new TwilioCredentials(env("TWILIO_ACCOUNT_SID"), env("TWILIO_API_KEY"), env("TWILIO_API_SECRET"));
    }

    private static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return v;
    }

    private static void requireNonBlank(String v, String name) {
        Objects.requireNonNull(v, name);
        if (v.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 6 ? s : s.substring(0, 6) + "...";
    }

    @Override
    public String toString() {
        // never print the secret
        return "TwilioCredentials[accountSid=" + accountSid + ", apiKeySid=" + apiKeySid + "]";
    }
}
