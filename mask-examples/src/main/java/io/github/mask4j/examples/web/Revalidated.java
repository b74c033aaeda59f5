package io.github.mask4j.examples.web;

import io.github.mask4j.twilio.http.Exchange;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Large bodies a browser may keep but must check before each use (the exported model, onnxruntime-web's files):
 * their SHA-256 is the ETag, and a browser that already holds them gets {@code 304 Not Modified} instead of the
 * megabytes again. Everything else the server answers stays {@code no-store}.
 *
 * <p>Stateless and thread-safe.
 */
final class Revalidated {
    private Revalidated() {}

    /** Lower-case hex SHA-256 of {@code bytes}. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Answers 304 if the request's If-None-Match names {@code sha256}, else 200 with {@code body}. */
    static void send(Exchange ex, String contentType, byte[] body, String sha256) {
        String etag = "\"" + sha256 + "\"";
        ex.setHeader("ETag", etag);
        ex.setHeader("Cache-Control", "private, no-cache");
        boolean held = ex.header("If-None-Match")
                .filter(v -> v.trim().equals("*") || List.of(v.trim().split("\\s*,\\s*")).contains(etag))
                .isPresent();
        if (held) {
            ex.empty(304);
        } else {
            ex.send(200, contentType, body);
        }
    }
}
