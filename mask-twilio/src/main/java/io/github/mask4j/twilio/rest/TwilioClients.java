package io.github.mask4j.twilio.rest;

import com.twilio.http.HttpClient;
import com.twilio.http.TwilioRestClient;
import io.github.mask4j.twilio.TwilioCredentials;
import java.util.Objects;

/**
 * Builds twilio-java REST clients authenticated with an API key.
 *
 * <p>Stateless and thread-safe.
 */
public final class TwilioClients {
    private TwilioClients() {}

    /** A client that talks to Twilio directly. */
    public static TwilioRestClient restClient(TwilioCredentials credentials) {
        return builder(credentials).build();
    }

    /** A client whose requests go through {@code httpClient} (e.g. a {@link RoutingHttpClient}). */
    public static TwilioRestClient restClient(TwilioCredentials credentials, HttpClient httpClient) {
        return builder(credentials).httpClient(Objects.requireNonNull(httpClient, "httpClient")).build();
    }

    private static TwilioRestClient.Builder builder(TwilioCredentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        return new TwilioRestClient.Builder(credentials.apiKeySid(), credentials.apiKeySecret())
                .accountSid(credentials.accountSid());
    }
}
