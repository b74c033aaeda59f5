package io.github.mask4j.examples.web;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Base64;

/** Requests to the demo's API as the signed-in page makes them: the session secret and JSON bodies. */
final class DemoRequests {
    private DemoRequests() {}

    /** {@code image} (or nothing) as {@code {"image": base64}}; GET has no body and no content type. */
    static HttpRequest request(WebDemo demo, String method, String path, byte[] image) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(demo.url()).resolve(path))
                .header("Authorization", "Bearer " + demo.secret());
        if (method.equals("GET")) {
            return b.GET().build();
        }
        String body = image == null ? "{}" : "{\"image\":\"" + Base64.getEncoder().encodeToString(image) + "\"}";
        return b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}
