package io.github.mask4j.twilio.rest;

import com.twilio.http.HttpClient;
import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;

/**
 * A twilio-java {@link HttpClient} that sends requests for chosen Twilio origins (e.g.
 * {@code https://video.twilio.com}) to other base URLs — a local server speaking Twilio's wire format in tests, or
 * a forward proxy — and all others unchanged. Uses the JDK's HTTP client; does not follow redirects (like
 * twilio-java's own client).
 *
 * <p>Thread-safe.
 */
public final class RoutingHttpClient extends HttpClient {
    private final Map<String, String> routes;
    private final java.net.http.HttpClient http;

    /**
     * @param routes origin (scheme://host) to base URL to use instead, e.g.
     *     {@code "https://video.twilio.com" -> http://127.0.0.1:8080}
     */
    public RoutingHttpClient(Map<String, URI> routes) {
        Objects.requireNonNull(routes, "routes");
        Map<String, String> r = new LinkedHashMap<>();
        routes.forEach((from, to) -> r.put(stripSlash(from), stripSlash(to.toString())));
        this.routes = Map.copyOf(r);
        this.http = java.net.http.HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
                .build();
    }

    /** Sends everything for {@code https://video.twilio.com} to {@code base}. */
    public static RoutingHttpClient videoTo(URI base) {
        return new RoutingHttpClient(Map.of("https://video.twilio.com", base));
    }

    /** The URL a Twilio URL is sent to. */
    public String route(String url) {
        for (Map.Entry<String, String> e : routes.entrySet()) {
            if (url.equals(e.getKey()) || url.startsWith(e.getKey() + "/") || url.startsWith(e.getKey() + "?")) {
                return e.getValue() + url.substring(e.getKey().length());
            }
        }
        return url;
    }

    @Override
    public Response makeRequest(Request request) {
        String url = route(request.constructURL().toString());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        request.getHeaderParams().forEach((name, values) -> values.forEach(v -> b.header(name, v)));
        if (request.requiresAuthentication()) {
            b.header("Authorization", request.getAuthString());
        }
        b.header("Accept", "application/json");
        HttpMethod method = request.getMethod();
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        if (method == HttpMethod.POST || method == HttpMethod.PUT) {
            if (request.getBody() != null) {
                body = HttpRequest.BodyPublishers.ofString(request.getBody(), StandardCharsets.UTF_8);
                b.header("Content-Type", "application/json");
            } else {
                body = HttpRequest.BodyPublishers.ofString(request.encodeFormBody(), StandardCharsets.UTF_8);
                b.header("Content-Type", "application/x-www-form-urlencoded");
            }
        }
        b.method(method.toString(), body);
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            List<Header> headers = new ArrayList<>();
            r.headers().map().forEach((name, values) -> values.forEach(v -> headers.add(new BasicHeader(name, v))));
            return new Response(r.body(), r.statusCode(), headers.toArray(Header[]::new));
        } catch (IOException e) {
            // twilio-java treats a null response as "unable to connect" and retries
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
