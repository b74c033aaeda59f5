package io.github.mask4j.twilio.callback;

import com.twilio.security.RequestValidator;
import io.github.mask4j.twilio.http.Exchange;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * Decides about one Twilio Video status callback request, whatever HTTP server received it: the method (POST, or
 * GET when the room's {@code StatusCallbackMethod} is GET), the {@code X-Twilio-Signature} (twilio-java's
 * {@link RequestValidator} over {@link SignedUrl} and, for POST, the form parameters) and the presence of a
 * {@code StatusCallbackEvent}. The server only reads the request and sends the {@link Verdict}'s status.
 *
 * <p>Immutable and thread-safe.
 */
public final class CallbackVerifier {
    /** Largest body or query accepted (413 above). */
    public static final int MAX_BYTES = 64 * 1024;

    private final RequestValidator validator;
    private final URI publicUrl;

    /**
     * @param authToken the account's auth token, which Twilio signs callbacks with
     * @param publicUrl the exact, absolute status callback URL given to Twilio
     * @throws IllegalArgumentException if the URL is not absolute
     */
    public CallbackVerifier(String authToken, URI publicUrl) {
        this.validator = new RequestValidator(Objects.requireNonNull(authToken, "authToken"));
        this.publicUrl = Objects.requireNonNull(publicUrl, "publicUrl");
        SignedUrl.of(publicUrl, null); // refuses a relative URL now rather than 403 on every callback
    }

    /**
     * What to answer a request, and the event when it is a valid callback.
     *
     * @param status HTTP status to answer (204 for a valid callback)
     * @param message why it was refused (null for 204 and 403: forged requests learn nothing)
     * @param event the validated event, or null when refused
     * @param signedUrl the URL the signature was checked against (null when not checked)
     */
    public record Verdict(int status, String message, RoomEvent event, String signedUrl) {
        public boolean accepted() {
            return event != null;
        }
    }

    /**
     * @param method the HTTP method
     * @param rawQuery the request's query string as received (percent-encoded), or null
     * @param body the request body (read up to {@link #MAX_BYTES} + 1 bytes), empty for GET
     * @param signature the {@code X-Twilio-Signature} header, or null
     */
    public Verdict verify(String method, String rawQuery, byte[] body, String signature) {
        boolean get = "GET".equals(method);
        if (!get && !"POST".equals(method)) {
            return new Verdict(405, method + " is not a Twilio status callback method: set StatusCallbackMethod to POST"
                    + " (or GET)", null, null);
        }
        if (body.length > MAX_BYTES || (rawQuery != null && rawQuery.length() > MAX_BYTES)) {
            return new Verdict(413, "status callbacks are at most " + MAX_BYTES + " bytes", null, null);
        }
        // POST: Twilio signs the URL plus the sorted form parameters; GET: the URL with its query, nothing else
        Map<String, String> signed = get ? Map.of() : Exchange.form(new String(body, StandardCharsets.UTF_8));
        String url = SignedUrl.of(publicUrl, rawQuery);
        if (signature == null || !validator.validate(url, signed, signature)) {
            return new Verdict(403, null, null, url);
        }
        Map<String, String> params = get ? Exchange.form(rawQuery) : signed;
        String name = params.get("StatusCallbackEvent");
        if (name == null) {
            return new Verdict(400, "no StatusCallbackEvent parameter: not a Twilio Video room status callback", null,
                    url);
        }
        return new Verdict(204, null, new RoomEvent(name, params.get("RoomSid"), params.get("RoomName"), params), url);
    }
}
