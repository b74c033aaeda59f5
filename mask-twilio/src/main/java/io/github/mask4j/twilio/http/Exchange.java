package io.github.mask4j.twilio.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One HTTP request and its response, as routes see them: the path, query and form parameters, a size-limited body,
 * and replies (JSON or bytes). The one place query strings and forms are parsed and responses written.
 *
 * <p>Not thread-safe: used by the one thread handling the request.
 */
public final class Exchange {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * A body a route did not read, up to this size, is read before the reply: Jetty would otherwise close the
     * connection after replying when the body had not all arrived yet, and a client that reuses the connection for
     * its next POST (as the JDK's HttpClient does) gets no answer at all. Larger unread bodies get
     * {@code Connection: close} instead, so the client knows not to reuse the connection.
     */
    private static final int UNREAD_BODY_LIMIT = 64 * 1024;

    private final Request request;
    private final Response response;
    private final Callback callback;
    private Map<String, String> query;
    private boolean responded;
    private boolean bodyConsumed;

    Exchange(Request request, Response response, Callback callback) {
        this.request = request;
        this.response = response;
        this.callback = callback;
    }

    public String method() {
        return request.getMethod();
    }

    public String path() {
        return request.getHttpURI().getPath();
    }

    /** The raw (still encoded) query string, or null. */
    public String rawQuery() {
        return request.getHttpURI().getQuery();
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(request.getHeaders().get(name));
    }

    /** The decoded query parameters (the last value of a repeated name). */
    public Map<String, String> query() {
        if (query == null) {
            query = form(rawQuery());
        }
        return query;
    }

    /** A query parameter, or null. */
    public String query(String name) {
        return query().get(name);
    }

    /** The request as an authentication check sees it. */
    public Caller caller() {
        Map<String, String> headers = new HashMap<>();
        for (HttpField f : request.getHeaders()) {
            headers.putIfAbsent(f.getLowerCaseName(), f.getValue());
        }
        Map<String, String> cookies = new HashMap<>();
        for (HttpCookie c : Request.getCookies(request)) {
            cookies.putIfAbsent(c.getName(), c.getValue());
        }
        return new Caller(method(), path(), headers, cookies);
    }

    /**
     * The request body, at most {@code maxBytes}.
     *
     * @throws HttpError 413 if it is larger (nothing beyond {@code maxBytes + 1} is read), 400 if it is empty
     */
    public byte[] body(int maxBytes) throws IOException {
        long declared = request.getLength();
        if (declared > maxBytes) {
            throw new HttpError(413, "request body of " + declared + " bytes is larger than the limit of "
                    + maxBytes + " bytes");
        }
        byte[] b;
        try (InputStream in = Request.asInputStream(request)) {
            b = in.readNBytes(maxBytes + 1);
        }
        if (b.length > maxBytes) {
            closeAfterReply(); // the rest of the body stays unread
            throw new HttpError(413, "request body is larger than the limit of " + maxBytes + " bytes");
        }
        bodyConsumed = true;
        if (b.length == 0) {
            throw new HttpError(400, "empty request body");
        }
        return b;
    }

    /** The body as a JSON object tree, at most {@code maxBytes} (400 if it is not JSON). */
    public com.fasterxml.jackson.databind.JsonNode jsonBody(int maxBytes) throws IOException {
        byte[] b = body(maxBytes);
        try {
            return JSON.readTree(b);
        } catch (IOException e) {
            throw new HttpError(400, "the body is not JSON");
        }
    }

    /** The body as {@code application/x-www-form-urlencoded} parameters, at most {@code maxBytes}. */
    public Map<String, String> formBody(int maxBytes) throws IOException {
        return form(new String(body(maxBytes), StandardCharsets.UTF_8));
    }

    /** Replies with JSON text (serialised by Jackson when not already a String). */
    public void json(int status, Object body) {
        String text;
        try {
            text = body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException("could not write a JSON reply: " + e.getMessage(), e);
        }
        send(status, "application/json; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /** Replies with {@code {"error": message}}. */
    public void error(int status, String message) {
        json(status, Map.of("error", message == null ? "error" : message));
    }

    /** Replies with no body. */
    public void empty(int status) {
        send(status, null, new byte[0]);
    }

    /** Replies with {@code body} of {@code contentType}. */
    public void send(int status, String contentType, byte[] body) {
        if (responded) {
            throw new IllegalStateException("already answered");
        }
        responded = true;
        consumeUnreadBody();
        response.setStatus(status);
        if (contentType != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Reads (and drops) a small body the route left unread, or marks the connection to close after the reply. */
    private void consumeUnreadBody() {
        if (bodyConsumed) {
            return;
        }
        bodyConsumed = true;
        long declared = request.getLength();
        boolean chunked = request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        if (declared == 0 || declared < 0 && !chunked) {
            return; // no body
        }
        if (declared > UNREAD_BODY_LIMIT) {
            closeAfterReply();
            return;
        }
        try (InputStream in = Request.asInputStream(request)) {
            if (in.readNBytes(UNREAD_BODY_LIMIT + 1).length > UNREAD_BODY_LIMIT) {
                closeAfterReply();
            }
        } catch (IOException | RuntimeException e) {
            closeAfterReply(); // a body cut off or too slow: this connection cannot carry another request
        }
    }

    private void closeAfterReply() {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }

    /** Sets (replaces) a response header (call before replying). */
    public void setHeader(String name, String value) {
        response.getHeaders().put(name, value);
    }

    /**
     * Lets the page this exchange answers compile WebAssembly (e.g. onnxruntime-web): adds
     * {@code 'wasm-unsafe-eval'} to the script-src of its Content-Security-Policy, and nothing else (no
     * {@code 'unsafe-eval'}). Call before replying, only on the pages that need it.
     */
    public void allowWebAssembly() {
        String csp = response.getHeaders().get("Content-Security-Policy");
        if (csp != null && !csp.contains("'wasm-unsafe-eval'")) {
            response.getHeaders().put("Content-Security-Policy",
                    csp.replaceFirst("script-src ([^;]*)", "script-src $1 'wasm-unsafe-eval'"));
        }
    }

    /** Sets a cookie on the reply (call before replying). */
    public void cookie(String name, String value, boolean secure) {
        Response.addCookie(response, HttpCookie.build(name, value).path("/").httpOnly(true).secure(secure)
                .sameSite(HttpCookie.SameSite.STRICT).build());
    }

    /** Redirects (303) to a path on this server. */
    public void redirect(String location) {
        response.getHeaders().put(HttpHeader.LOCATION, location);
        empty(303);
    }

    boolean responded() {
        return responded;
    }

    /** The client's address and port, for logs. */
    public String remote() {
        return Request.getRemoteAddr(request) + ":" + Request.getRemotePort(request);
    }

    /** Whether the request came over TLS. */
    public boolean isSecure() {
        return request.isSecure();
    }

    /**
     * Parses {@code a=1&b=x%20y} (a query string or a form body); a name without {@code =} maps to "". Later
     * values of a repeated name win.
     */
    public static Map<String, String> form(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String part : raw.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
                m.put(k, v);
            } catch (IllegalArgumentException e) {
                throw new HttpError(400, "malformed percent-encoding in '"
                        + part.substring(0, Math.min(part.length(), 40)) + "'");
            }
        }
        return m;
    }

    /** {@code s} percent-encoded for a query string. */
    public static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
