package io.github.mask4j.twilio.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Transport limits and policies of a {@link WebServer}: where it listens, how long an idle or slow connection may
 * hold on, how many threads and queued requests it may use, which Host names and Origins it answers, and TLS.
 *
 * <p>Immutable and thread-safe; build with {@link #builder()}.
 *
 * @param host address to listen on (default 127.0.0.1)
 * @param port port, 0 for any free one
 * @param idleTimeout a connection (HTTP or WebSocket) silent this long is closed; it also bounds each read and
 *     write, so a slow client (slowloris) holds a connection, never a thread, and not for longer than this
 * @param maxThreads worker threads at most; requests in handlers at once at most {@code maxThreads - 4} (the rest
 *     keep I/O going)
 * @param maxQueuedRequests requests waiting for a handler slot at most (each for at most the idle timeout); beyond
 *     that they get 503
 * @param maxRequestHeaderBytes largest request line plus headers (431 beyond)
 * @param allowedHosts Host header names answered besides 127.0.0.1, localhost, [::1] and the listening address
 *     (421 otherwise); {@code *} answers any
 * @param allowedOrigins Origins accepted on state-changing calls and WebSocket upgrades (403 otherwise); the
 *     server's own origin (scheme, each allowed host, its port) is always accepted
 * @param keyStore a PKCS12 key store to serve HTTPS/WSS with, or null for plain HTTP
 * @param keyStorePassword its password (null without a key store)
 */
public record ServerOptions(String host, int port, Duration idleTimeout, int maxThreads, int maxQueuedRequests,
        int maxRequestHeaderBytes, Set<String> allowedHosts, Set<String> allowedOrigins, Path keyStore,
        String keyStorePassword) {

    public ServerOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        allowedHosts = Set.copyOf(allowedHosts);
        allowedOrigins = Set.copyOf(allowedOrigins);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Loopback, any free port, the default limits. */
    public static ServerOptions defaults() {
        return builder().build();
    }

    /** A builder holding these options, to change some. */
    public Builder toBuilder() {
        Builder b = new Builder().listen(host, port).idleTimeout(idleTimeout).maxThreads(maxThreads)
                .maxQueuedRequests(maxQueuedRequests).maxRequestHeaderBytes(maxRequestHeaderBytes);
        allowedHosts.forEach(b::allowHost);
        allowedOrigins.forEach(b::allowOrigin);
        if (keyStore != null) {
            b.tls(keyStore, keyStorePassword);
        }
        return b;
    }

    /** Options for {@link ServerOptions}. Not thread-safe; build once. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private Duration idleTimeout = Duration.ofSeconds(30);
        private int maxThreads = 16;
        private int maxQueuedRequests = 256;
        private int maxRequestHeaderBytes = 8 * 1024;
        private final Set<String> allowedHosts = new LinkedHashSet<>();
        private final Set<String> allowedOrigins = new LinkedHashSet<>();
        private Path keyStore;
        private String keyStorePassword;

        private Builder() {}

        /** Address and port (default 127.0.0.1 and any free port; anything public needs TLS, see docs/security.md). */
        public Builder listen(String host, int port) {
            this.host = Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** Idle (and per read/write) timeout of a connection (default 30 s; 200 ms to 1 h). */
        public Builder idleTimeout(Duration timeout) {
            if (timeout.compareTo(Duration.ofMillis(200)) < 0 || timeout.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("idleTimeout must be in [200 ms, 1 h], got " + timeout);
            }
            this.idleTimeout = timeout;
            return this;
        }

        /** Worker threads at most (default 16; 4 to 1000). */
        public Builder maxThreads(int threads) {
            if (threads < 4 || threads > 1000) {
                throw new IllegalArgumentException("maxThreads must be in [4, 1000], got " + threads);
            }
            this.maxThreads = threads;
            return this;
        }

        /** Requests waiting for a thread at most (default 256). */
        public Builder maxQueuedRequests(int requests) {
            if (requests < 1 || requests > 100_000) {
                throw new IllegalArgumentException("maxQueuedRequests must be in [1, 100000], got " + requests);
            }
            this.maxQueuedRequests = requests;
            return this;
        }

        /** Largest request line plus headers (default 8 KiB). */
        public Builder maxRequestHeaderBytes(int bytes) {
            if (bytes < 1024 || bytes > 1024 * 1024) {
                throw new IllegalArgumentException("maxRequestHeaderBytes must be in [1 KiB, 1 MiB], got " + bytes);
            }
            this.maxRequestHeaderBytes = bytes;
            return this;
        }

        /** Also answer this Host name (e.g. the public name behind a proxy); {@code *} answers any. */
        public Builder allowHost(String name) {
            this.allowedHosts.add(Objects.requireNonNull(name, "name").toLowerCase(java.util.Locale.ROOT));
            return this;
        }

        /** Also accept this Origin (e.g. {@code https://monitor.example.org}) on state-changing calls. */
        public Builder allowOrigin(String origin) {
            this.allowedOrigins.add(Objects.requireNonNull(origin, "origin").toLowerCase(java.util.Locale.ROOT));
            return this;
        }

        /** Serve HTTPS and WSS with the key and certificate in this PKCS12 key store. */
        public Builder tls(Path keyStore, String password) {
            this.keyStore = Objects.requireNonNull(keyStore, "keyStore");
            this.keyStorePassword = Objects.requireNonNull(password, "password");
            return this;
        }

        public ServerOptions build() {
            return new ServerOptions(host, port, idleTimeout, maxThreads, maxQueuedRequests, maxRequestHeaderBytes,
                    allowedHosts, allowedOrigins, keyStore, keyStorePassword);
        }
    }
}
