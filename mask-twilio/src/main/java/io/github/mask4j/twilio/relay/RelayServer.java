package io.github.mask4j.twilio.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mask4j.frame.Frame;
import io.github.mask4j.frame.FrameOrigin;
import io.github.mask4j.twilio.http.CallerCheck;
import io.github.mask4j.twilio.http.Exchange;
import io.github.mask4j.twilio.http.HttpError;
import io.github.mask4j.twilio.http.ServerOptions;
import io.github.mask4j.twilio.http.WebServer;
import io.github.mask4j.twilio.monitor.EdgeCheck;
import io.github.mask4j.twilio.monitor.MonitorListener;
import io.github.mask4j.twilio.monitor.RoomMonitor;
import io.github.mask4j.twilio.monitor.StateChange;
import io.github.mask4j.twilio.monitor.TrackPrediction;
import io.github.mask4j.twilio.web.RelayClientScript;
import io.github.mask4j.twilio.web.TwilioVideoScript;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM end of the live relay. A {@link WebServer} serves the relay page ({@code /}), which joins a Twilio room
 * (or, for testing, uses the local camera), draws each subscribed video track to a canvas at N fps and sends JPEG
 * frames over a WebSocket on the same port ({@code /relay?token=...}). Each track's frames go to a
 * {@link RoomMonitor}'s cross-track batcher ({@link RoomMonitor#offer}: latest frame per track, bounded workers),
 * or to an application's track consumer as a {@link LatestFrameSource}, and the monitor's predictions go back over
 * the same socket so the page can show every tile. The {@code welcome} message tells the
 * page the monitor's {@link RoomMonitor#frameShortSide()} ({@code frameShortSide}), and the page scales frames
 * down to it before encoding.
 *
 * <p>Wire format: see {@link RelayFrame}: frames, or in edge mode the page's own labels (smoothed by the monitor
 * exactly as its own, {@link RoomMonitor#accept}) and now and then a frame with its label for the monitor to check
 * ({@link RoomMonitor#verify}). Answers are JSON text messages with a {@code type} of {@code welcome},
 * {@code result}, {@code state}, {@code unclassified} (e.g. {@code reason} {@code not_trained}), {@code checked}
 * (an edge label checked: {@code agrees}, {@code verified}, {@code agreed}, {@code flagged}), {@code refused} or
 * {@code ended} (a track silent for {@link RelayLimits#trackIdleTimeout()}).
 *
 * <p>What it enforces (see docs/security.md): the socket needs a valid {@link RelayTokens} token bound to the room
 * named in every frame header; upgrades pass the server's Host and Origin checks; {@link RelayLimits} bound frame
 * and message sizes (as bytes arrive), tracks (global, per room, per connection), idle tracks and queued replies.
 * The demo token endpoint ({@code POST /relay-token?room=}) answers only callers its {@link CallerCheck} accepts.
 *
 * <p>Applications with their own server {@link Builder#mountOn mount} the relay on it; applications with their own
 * page build it with {@code servePage(false)} and serve {@link RelayClientScript}.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class RelayServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RelayServer.class);
    /** The WebSocket's path; pages connect to {@code ws://host:port/relay?token=...}. */
    public static final String SOCKET_PATH = "/relay";
    /** The demo token endpoint's path. */
    public static final String TOKEN_PATH = "/relay-token";
    private static final Duration TOKEN_TTL = Duration.ofMinutes(10);

    private final RelayTokens tokens;
    private final RelayLimits limits;
    private final RoomMonitor monitor;
    private final TrackRegistry registry;
    private final WebServer server;
    private final boolean ownsServer;
    private final boolean servePage;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final MonitorListener listener = new MonitorListener() {
        @Override
        public void onPrediction(TrackPrediction p) {
            registry.owner(p.origin()).ifPresent(c -> c.send(about(RelayConnection.message("result"), p.origin())
                    .put("timestamp", p.timestampMillis()).put("label", p.label())
                    .put("confidence", p.confidence()).put("smoothed", p.smoothedLabel())));
        }

        @Override
        public void onStateChange(StateChange c) {
            FrameOrigin origin = FrameOrigin.track(c.room(), c.participant(), c.track());
            registry.owner(origin).ifPresent(s -> s.send(about(RelayConnection.message("state"), origin)
                    .put("label", c.label()).put("since", c.sinceMillis()).put("alert", c.alert())));
        }

        @Override
        public void onEdgeCheck(EdgeCheck c) {
            registry.owner(c.origin()).ifPresent(s -> s.send(about(RelayConnection.message("checked"), c.origin())
                    .put("timestamp", c.timestampMillis()).put("label", c.edgeLabel())
                    .put("serverLabel", c.serverLabel()).put("agrees", c.agrees()).put("verified", c.verified())
                    .put("agreed", c.agreed()).put("flagged", c.flagged())));
        }

        @Override
        public void onUnclassified(FrameOrigin origin, long timestampMillis, String reason) {
            registry.owner(origin).ifPresent(c -> c.send(about(RelayConnection.message("unclassified"), origin)
                    .put("timestamp", timestampMillis).put("reason", reason)));
        }
    };

    private RelayServer(Builder b) throws IOException {
        this.tokens = Objects.requireNonNull(b.tokens, "tokens");
        this.limits = b.limits.build();
        this.monitor = b.monitor;
        this.servePage = b.servePage;
        if (b.onTrack == null && monitor == null) {
            throw new IllegalArgumentException("a relay needs a monitor or a track consumer");
        }
        this.registry = new TrackRegistry(limits, b.onTrack, monitor == null ? null : monitor::offer, b.onTrackEnd,
                monitor == null ? null : new TrackRegistry.EdgeLabels() {
                    @Override
                    public void label(FrameOrigin origin, long timestampMillis, String label, double confidence) {
                        monitor.accept(origin, timestampMillis, label, confidence);
                    }

                    @Override
                    public void verify(Frame frame, String edgeLabel) {
                        monitor.verify(frame, edgeLabel);
                    }
                });
        if (monitor != null) {
            monitor.addListener(listener);
        }
        this.ownsServer = b.server == null;
        this.server = ownsServer ? new WebServer(b.options.build()) : b.server;
        server.webSocket(SOCKET_PATH, c -> {
            c.setMaxBinaryMessageSize(limits.maxMessageBytes());
            c.setMaxFrameSize(limits.maxMessageBytes());
            c.setMaxTextMessageSize(1024);
            c.setMaxOutgoingFrames(limits.maxQueuedReplies());
        }, this::upgrade);
        if (servePage) {
            server.route("GET", "/", this::page);
            server.route("GET", "/relay.html", this::page);
            server.route("GET", TwilioVideoScript.PATH, ex -> ex.send(200, "text/javascript; charset=utf-8",
                    TwilioVideoScript.bytes()));
            server.route("GET", RelayClientScript.PATH, ex -> ex.send(200, "text/javascript; charset=utf-8",
                    RelayClientScript.bytes()));
        }
        if (b.tokenEndpoint) {
            CallerCheck callers = b.callers;
            server.route("POST", TOKEN_PATH, ex -> mintFor(ex, callers));
        }
        if (ownsServer) {
            try {
                server.start();
            } catch (IOException e) {
                registry.close();
                throw e;
            }
            LOG.info("relay on {} (socket {})", server.origin(), SOCKET_PATH);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    private static ObjectNode about(ObjectNode n, FrameOrigin o) {
        return n.put("room", o.room()).put("participant", o.participant()).put("track", o.track());
    }

    private Object upgrade(Exchange ex) {
        String room;
        try {
            room = tokens.verify(ex.query("token"));
        } catch (RelayTokenException e) {
            throw new HttpError(403, e.getMessage());
        }
        return new RelayConnection(room, registry, limits, ex.remote(), frameShortSide());
    }

    /** The frame size pages are told to send (0: none announced); a failing classifier supplier announces none. */
    private int frameShortSide() {
        if (monitor == null) {
            return 0;
        }
        try {
            return monitor.frameShortSide();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Demo only: mints a token for an authenticated caller (a real application does this behind its login). */
    private void mintFor(Exchange ex, CallerCheck callers) {
        if (!callers.isAuthenticated(ex.caller())) {
            throw new HttpError(401, "sign in first: relay tokens are minted only for authenticated callers");
        }
        ex.json(200, RelayConnection.message("token").put("room", checkRoom(ex.query("room")))
                .put("token", tokens.mint(ex.query("room"), TOKEN_TTL)));
    }

    /** A room name as the token endpoints accept it: 1-128 characters. */
    public static String checkRoom(String room) {
        if (room == null || room.isBlank() || room.length() > 128) {
            throw new IllegalArgumentException("room must be given (?room=mask4j), 1-128 characters");
        }
        return room;
    }

    private void page(Exchange ex) throws IOException {
        ex.setHeader("Content-Security-Policy", RelayPage.CSP);
        ex.send(200, "text/html; charset=utf-8", RelayPage.HTML);
    }

    /** The relay page and a CSP that admits its one inline script by hash. */
    private static final class RelayPage {
        static final byte[] HTML;
        static final String CSP;

        static {
            try (InputStream in = RelayServer.class.getResourceAsStream("relay.html")) {
                if (in == null) {
                    throw new IllegalStateException("relay.html is missing from the jar");
                }
                HTML = in.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException("relay.html could not be read: " + e.getMessage(), e);
            }
            StringBuilder hashes = new StringBuilder();
            Matcher m = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL)
                    .matcher(new String(HTML, StandardCharsets.UTF_8));
            while (m.find()) {
                hashes.append(" 'sha256-").append(sha256(m.group(1))).append('\'');
            }
            CSP = "default-src 'self'; script-src 'self'" + hashes + "; style-src 'self' 'unsafe-inline'; "
                    + "img-src 'self' data: blob:; media-src 'self' blob: mediastream:; connect-src 'self' ws: wss: "
                    + "https:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
        }

        private static String sha256(String s) {
            try {
                return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                        .digest(s.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is not available", e);
            }
        }
    }

    /** The port of the page and the socket (one port for both). */
    public int port() {
        return server.port();
    }

    /** {@code ws(s)://host:port/relay}. */
    public URI socketUri() {
        return URI.create(server.socketOrigin() + SOCKET_PATH);
    }

    /** The page URL for a room (add {@code &mode=twilio&twilioToken=...} to join through Twilio). */
    public URI pageUri(String room, String relayToken) {
        if (!servePage) {
            throw new IllegalStateException("this relay serves no page (built with servePage(false))");
        }
        return server.uri("/?room=" + Exchange.encode(room) + "&token=" + Exchange.encode(relayToken) + "&ws="
                + Exchange.encode(socketUri().toString()));
    }

    public RelayTokens tokens() {
        return tokens;
    }

    public RelayLimits limits() {
        return limits;
    }

    /** Frames refused so far (too large, wrong room, malformed, a track limit). */
    public long refusedFrames() {
        return registry.refused();
    }

    /** Frames accepted so far. */
    public long receivedFrames() {
        return registry.received();
    }

    /** Edge labels accepted so far (each also counts as a track's activity). */
    public long receivedLabels() {
        return registry.labels();
    }

    /** Edge-labelled frames not checked because the track's previous check was still running. */
    public long skippedChecks() {
        return registry.checksSkipped();
    }

    /** Tracks ended for silence so far. */
    public long evictedTracks() {
        return registry.evicted();
    }

    /**
     * The open track for an origin, if any. Its source holds frames only for an {@link Builder#onTrack} consumer;
     * with a monitor, frames wait in the monitor's batcher ({@link RoomMonitor#stats()}).
     */
    public Optional<LatestFrameSource> track(FrameOrigin origin) {
        return registry.track(origin);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (monitor != null) {
            monitor.removeListener(listener);
        }
        if (ownsServer) {
            server.close();
        }
        registry.close();
    }

    /** Options for {@link RelayServer}. Not thread-safe; build once. */
    public static final class Builder {
        private RelayTokens tokens = RelayTokens.random();
        private RoomMonitor monitor;
        private Consumer<LatestFrameSource> onTrack;
        private Consumer<FrameOrigin> onTrackEnd;
        private final ServerOptions.Builder options = ServerOptions.builder();
        private WebServer server;
        private final RelayLimits.Builder limits = RelayLimits.builder();
        private boolean tokenEndpoint;
        private CallerCheck callers = CallerCheck.nobody();
        private boolean servePage = true;

        private Builder() {}

        public Builder tokens(RelayTokens tokens) {
            this.tokens = Objects.requireNonNull(tokens, "tokens");
            return this;
        }

        /** The monitor that classifies each track (in batches, on its own bounded workers) and answers the page. */
        public Builder monitor(RoomMonitor monitor) {
            this.monitor = monitor;
            return this;
        }

        /** Handles each new track itself (polling the source) instead of the monitor (which still answers, if set). */
        public Builder onTrack(Consumer<LatestFrameSource> consumer) {
            this.onTrack = consumer;
            return this;
        }

        /** Told when a track ends: its socket closed, it fell silent, or the relay closed. */
        public Builder onTrackEnd(Consumer<FrameOrigin> listener) {
            this.onTrackEnd = listener;
            return this;
        }

        /** Address to listen on (default 127.0.0.1; put TLS in front, or {@link #server} TLS, for anything else). */
        public Builder host(String host) {
            options.listen(host, options.build().port());
            return this;
        }

        /** The port of the page and the socket (default 0: any free port). */
        public Builder port(int port) {
            options.listen(options.build().host(), port);
            return this;
        }

        /** Transport options of the relay's own server (timeouts, threads, hosts, origins, TLS). */
        public Builder server(java.util.function.UnaryOperator<ServerOptions.Builder> change) {
            change.apply(options);
            return this;
        }

        /**
         * Mount the socket (and page, token endpoint) on an application's server instead of starting one; register
         * before that server starts. Closing the relay then leaves the server running.
         */
        public Builder mountOn(WebServer server) {
            this.server = Objects.requireNonNull(server, "server");
            return this;
        }

        /** Largest JPEG accepted (default 256 KiB). */
        public Builder maxFrameBytes(int bytes) {
            limits.maxFrameBytes(bytes);
            return this;
        }

        /** The fairness limits (tracks, idle timeout, workers, reply queue). */
        public Builder limits(java.util.function.UnaryOperator<RelayLimits.Builder> change) {
            change.apply(limits);
            return this;
        }

        /**
         * Serve {@code POST /relay-token?room=} minting tokens for callers {@code callers} accepts (demos; default
         * off). A deployment mints tokens behind its own login instead.
         */
        public Builder tokenEndpoint(CallerCheck callers) {
            this.callers = Objects.requireNonNull(callers, "callers");
            this.tokenEndpoint = true;
            return this;
        }

        /** Whether to serve the relay page and its scripts (default true); the socket is served either way. */
        public Builder servePage(boolean enabled) {
            this.servePage = enabled;
            return this;
        }

        public RelayServer build() throws IOException {
            return new RelayServer(this);
        }
    }
}
