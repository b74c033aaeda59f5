package io.github.mask4j.twilio.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.mask4j.frame.Frame;
import io.github.mask4j.frame.FrameOrigin;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.twilio.web.RelayClientScript;
import io.github.mask4j.twilio.web.TwilioVideoScript;
import io.github.mask4j.twilio.monitor.MonitorListener;
import io.github.mask4j.twilio.monitor.RoomMonitor;
import io.github.mask4j.twilio.monitor.StateChange;
import io.github.mask4j.twilio.monitor.TrackPrediction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM end of the live relay. An HTTP server serves the relay page ({@code /}), which joins a Twilio room (or,
 * for testing, uses the local camera), draws each subscribed video track to a canvas at N fps and sends JPEG frames
 * over a WebSocket ({@code /relay?token=...}) to this server. Each track becomes a {@link LatestFrameSource} handed
 * to a {@link RoomMonitor} (or any consumer); the monitor's predictions go back over the same socket so the page
 * can show every tile's status.
 *
 * <p>Wire format of a frame: one binary WebSocket message = 4-byte big-endian header length, a UTF-8 JSON header
 * {@code {"room","participant","track","timestamp"}}, then the JPEG bytes (written by the page's
 * {@link RelayClientScript}). Answers are JSON text messages with a {@code type} of {@code result}, {@code state},
 * {@code unclassified} (e.g. {@code reason} {@code not_trained}) or {@code refused}.
 *
 * <p>Applications with their own page build it with {@code servePage(false)} and serve {@link RelayClientScript};
 * the socket is then all that runs.
 *
 * <p>Limits: the socket requires a valid {@link RelayTokens} token bound to the room named in every frame header;
 * frames larger than {@code maxFrameBytes} are refused (messages beyond four times that close the connection);
 * at most {@code maxTracks} tracks are open at once; each track keeps only its latest frame.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class RelayServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RelayServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_HEADER_BYTES = 4096;
    /** The WebSocket's path; pages connect to {@code ws://host:socketPort/relay?token=...}. */
    public static final String SOCKET_PATH = "/relay";

    private final RelayTokens tokens;
    private final int maxFrameBytes;
    private final int maxTracks;
    private final Consumer<LatestFrameSource> onTrack;
    private final RoomMonitor monitor;
    private final boolean tokenEndpoint;
    private final boolean servePage;
    private final Map<FrameOrigin, Track> tracks = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Sockets sockets;
    private final HttpServer http;
    private final MonitorListener listener = new MonitorListener() {
        @Override
        public void onPrediction(TrackPrediction p) {
            ObjectNode n = JSON.createObjectNode().put("type", "result").put("room", p.origin().room())
                    .put("participant", p.origin().participant()).put("track", p.origin().track())
                    .put("timestamp", p.timestampMillis()).put("label", p.label()).put("confidence", p.confidence())
                    .put("smoothed", p.smoothedLabel());
            sendToTrack(p.origin(), n.toString());
        }

        @Override
        public void onStateChange(StateChange c) {
            ObjectNode n = JSON.createObjectNode().put("type", "state").put("room", c.room())
                    .put("participant", c.participant()).put("track", c.track()).put("label", c.label())
                    .put("since", c.sinceMillis()).put("alert", c.alert());
            sendToTrack(new FrameOrigin(c.room(), c.participant(), c.track()), n.toString());
        }

        @Override
        public void onUnclassified(FrameOrigin origin, long timestampMillis, String reason) {
            ObjectNode n = JSON.createObjectNode().put("type", "unclassified").put("room", origin.room())
                    .put("participant", origin.participant()).put("track", origin.track())
                    .put("timestamp", timestampMillis).put("reason", reason);
            sendToTrack(origin, n.toString());
        }
    };

    private record Track(LatestFrameSource source, WebSocket socket) {}

    private RelayServer(Builder b) throws IOException {
        this.tokens = Objects.requireNonNull(b.tokens, "tokens");
        this.maxFrameBytes = b.maxFrameBytes;
        this.maxTracks = b.maxTracks;
        this.monitor = b.monitor;
        this.tokenEndpoint = b.tokenEndpoint;
        this.servePage = b.servePage;
        if (b.onTrack != null) {
            this.onTrack = b.onTrack;
        } else if (monitor != null) {
            this.onTrack = monitor::attach;
        } else {
            throw new IllegalArgumentException("a relay needs a monitor or a track consumer");
        }
        if (monitor != null) {
            monitor.addListener(listener);
        }
        InetAddress address = InetAddress.getByName(b.host);
        // the draft's limit is the hard cap that bounds what one message can make us buffer
        Draft draft = new Draft_6455(List.of(), maxFrameBytes * 4 + MAX_HEADER_BYTES);
        this.sockets = new Sockets(new InetSocketAddress(address, b.wsPort), List.of(draft));
        sockets.setReuseAddr(true);
        sockets.setDaemon(true);
        sockets.start();
        try {
            if (!sockets.started.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IOException("WebSocket server did not start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the WebSocket server", e);
        }
        if (servePage) {
            this.http = HttpServer.create(new InetSocketAddress(address, b.httpPort), 0);
            http.createContext("/", this::page);
            http.start();
            LOG.info("relay page on http://{}:{}/, socket on port {}", b.host, http.getAddress().getPort(),
                    sockets.getPort());
        } else {
            this.http = null;
            LOG.info("relay socket on {}:{}{}", b.host, sockets.getPort(), SOCKET_PATH);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Port of the relay page's HTTP server.
     *
     * @throws IllegalStateException if the server was built with {@code servePage(false)}
     */
    public int httpPort() {
        if (http == null) {
            throw new IllegalStateException("this relay serves no page (built with servePage(false))");
        }
        return http.getAddress().getPort();
    }

    /** Port of the WebSocket. */
    public int socketPort() {
        return sockets.getPort();
    }

    /** The page URL for a room (add {@code &mode=twilio&twilioToken=...} to join through Twilio). */
    public URI pageUri(String room, String relayToken) {
        return URI.create("http://127.0.0.1:" + httpPort() + "/?room=" + enc(room) + "&token=" + enc(relayToken)
                + "&ws=" + enc("ws://127.0.0.1:" + socketPort() + "/relay"));
    }

    public RelayTokens tokens() {
        return tokens;
    }

    /** Frames refused so far (too large, wrong room, malformed, too many tracks). */
    public long refusedFrames() {
        return refused.get();
    }

    /** Frames accepted so far. */
    public long receivedFrames() {
        return received.get();
    }

    /** The open track for an origin, if any. */
    public Optional<LatestFrameSource> track(FrameOrigin origin) {
        Track t = tracks.get(origin);
        return t == null ? Optional.empty() : Optional.of(t.source);
    }

    private void onFrame(WebSocket socket, ByteBuffer message) {
        String room = socket.getAttachment();
        int size = message.remaining();
        if (size > maxFrameBytes + MAX_HEADER_BYTES) {
            refuse(socket, "frame too large: " + size + " bytes, limit " + maxFrameBytes);
            return;
        }
        if (size < 4) {
            refuse(socket, "message too short");
            return;
        }
        int headerLength = message.getInt();
        if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || headerLength > message.remaining()) {
            refuse(socket, "bad header length " + headerLength);
            return;
        }
        byte[] headerBytes = new byte[headerLength];
        message.get(headerBytes);
        JsonNode header;
        try {
            header = JSON.readTree(headerBytes);
        } catch (IOException e) {
            refuse(socket, "header is not JSON");
            return;
        }
        String frameRoom = text(header, "room");
        String participant = text(header, "participant");
        String track = text(header, "track");
        JsonNode ts = header.get("timestamp");
        if (frameRoom == null || participant == null || track == null || ts == null || !ts.isNumber()) {
            refuse(socket, "header needs room, participant, track and a numeric timestamp");
            return;
        }
        if (!frameRoom.equals(room)) {
            refuse(socket, "token is for room " + room + ", not " + frameRoom);
            return;
        }
        int jpegLength = message.remaining();
        if (jpegLength > maxFrameBytes) {
            refuse(socket, "frame too large: " + jpegLength + " bytes, limit " + maxFrameBytes);
            return;
        }
        if (jpegLength < 3 || message.get(message.position()) != (byte) 0xFF
                || message.get(message.position() + 1) != (byte) 0xD8) {
            refuse(socket, "frame is not a JPEG");
            return;
        }
        byte[] jpeg = new byte[jpegLength];
        message.get(jpeg);
        FrameOrigin origin = new FrameOrigin(room, participant, track);
        Track t = tracks.get(origin);
        if (t == null) {
            synchronized (tracks) {
                t = tracks.get(origin);
                if (t == null) {
                    if (tracks.size() >= maxTracks) {
                        refuse(socket, "too many tracks (limit " + maxTracks + ")");
                        return;
                    }
                    t = new Track(new LatestFrameSource(origin), socket);
                    tracks.put(origin, t);
                    onTrack.accept(t.source);
                }
            }
        }
        received.incrementAndGet();
        t.source.offer(new Frame(origin, ts.asLong(), ImageInput.of(jpeg, origin + "@" + ts.asLong())));
    }

    private void refuse(WebSocket socket, String reason) {
        refused.incrementAndGet();
        LOG.debug("frame refused: {}", reason);
        send(socket, JSON.createObjectNode().put("type", "refused").put("reason", reason).toString());
    }

    private void sendToTrack(FrameOrigin origin, String json) {
        Track t = tracks.get(origin);
        if (t != null) {
            send(t.socket, json);
        }
    }

    private static void send(WebSocket socket, String json) {
        if (socket.isOpen()) {
            try {
                socket.send(json);
            } catch (RuntimeException e) {
                LOG.debug("could not answer a closed socket: {}", e.toString());
            }
        }
    }

    private void closeTracksOf(WebSocket socket) {
        synchronized (tracks) {
            tracks.entrySet().removeIf(e -> {
                if (e.getValue().socket == socket) {
                    e.getValue().source.close();
                    return true;
                }
                return false;
            });
        }
    }

    private void page(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (!ex.getRequestMethod().equals("GET")) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            if (path.equals("/") || path.equals("/relay.html")) {
                try (InputStream in = RelayServer.class.getResourceAsStream("relay.html")) {
                    if (in == null) {
                        throw new IOException("relay.html is missing from the jar");
                    }
                    reply(ex, 200, "text/html; charset=utf-8", in.readAllBytes());
                }
            } else if (path.equals(TwilioVideoScript.PATH)) {
                reply(ex, 200, "text/javascript; charset=utf-8", TwilioVideoScript.bytes());
            } else if (path.equals(RelayClientScript.PATH)) {
                reply(ex, 200, "text/javascript; charset=utf-8", RelayClientScript.bytes());
            } else if (path.equals("/relay-token") && tokenEndpoint) {
                // demo only: a real application authenticates the user before minting
                String room = query(ex.getRequestURI().getRawQuery()).get("room");
                if (room == null || room.isBlank()) {
                    reply(ex, 400, "text/plain", "room is required".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                String token = tokens.mint(room, Duration.ofMinutes(10));
                reply(ex, 200, "application/json", JSON.createObjectNode().put("token", token).toString()
                        .getBytes(StandardCharsets.UTF_8));
            } else {
                reply(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void reply(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.getResponseHeaders().add("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int i = kv.indexOf('=');
                if (i > 0) {
                    m.put(URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8),
                            URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return m;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() && v.asText().length() <= 256 ? v.asText() : null;
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (monitor != null) {
            monitor.removeListener(listener);
        }
        if (http != null) {
            http.stop(0);
        }
        try {
            sockets.stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (tracks) {
            tracks.values().forEach(t -> t.source.close());
            tracks.clear();
        }
    }

    private final class Sockets extends WebSocketServer {
        final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);

        Sockets(InetSocketAddress address, List<Draft> drafts) {
            super(address, drafts);
        }

        @Override
        public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft,
                ClientHandshake request) throws InvalidDataException {
            ServerHandshakeBuilder b = super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
            URI uri = URI.create(request.getResourceDescriptor());
            if (!SOCKET_PATH.equals(uri.getPath())) {
                throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "unknown path " + uri.getPath());
            }
            try {
                String room = tokens.verify(query(uri.getRawQuery()).get("token"));
                conn.setAttachment(room);
            } catch (RuntimeException e) {
                LOG.info("relay socket refused: {}", e.getMessage());
                throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, e.getMessage());
            }
            return b;
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            send(conn, JSON.createObjectNode().put("type", "welcome").put("room", (String) conn.getAttachment())
                    .put("maxFrameBytes", maxFrameBytes).toString());
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            closeTracksOf(conn);
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            refuse(conn, "text messages are not frames");
        }

        @Override
        public void onMessage(WebSocket conn, ByteBuffer message) {
            if (conn.getAttachment() == null) {
                conn.close(CloseFrame.POLICY_VALIDATION, "no token");
                return;
            }
            onFrame(conn, message);
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
            LOG.warn("relay socket error: {}", ex.toString());
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }

    /** Options for {@link RelayServer}. Not thread-safe; build once. */
    public static final class Builder {
        private RelayTokens tokens = RelayTokens.random();
        private RoomMonitor monitor;
        private Consumer<LatestFrameSource> onTrack;
        private String host = "127.0.0.1";
        private int httpPort;
        private int wsPort;
        private int maxFrameBytes = 256 * 1024;
        private int maxTracks = 64;
        private boolean tokenEndpoint;
        private boolean servePage = true;

        private Builder() {}

        public Builder tokens(RelayTokens tokens) {
            this.tokens = Objects.requireNonNull(tokens, "tokens");
            return this;
        }

        /** The monitor that classifies each track and whose results go back to the page. */
        public Builder monitor(RoomMonitor monitor) {
            this.monitor = monitor;
            return this;
        }

        /** Handles each new track instead of the monitor's {@code attach} (the monitor still answers, if set). */
        public Builder onTrack(Consumer<LatestFrameSource> consumer) {
            this.onTrack = consumer;
            return this;
        }

        /** Address to listen on (default 127.0.0.1; put a TLS proxy in front for anything else). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Ports for the page and the socket (default 0: any free port). */
        public Builder ports(int httpPort, int wsPort) {
            this.httpPort = httpPort;
            this.wsPort = wsPort;
            return this;
        }

        /** Largest JPEG accepted (default 256 KiB). */
        public Builder maxFrameBytes(int bytes) {
            if (bytes < 1024 || bytes > 16 * 1024 * 1024) {
                throw new IllegalArgumentException("maxFrameBytes must be in [1 KiB, 16 MiB], got " + bytes);
            }
            this.maxFrameBytes = bytes;
            return this;
        }

        /** Most tracks open at once (default 64). */
        public Builder maxTracks(int tracks) {
            if (tracks < 1 || tracks > 10_000) {
                throw new IllegalArgumentException("maxTracks must be in [1, 10000], got " + tracks);
            }
            this.maxTracks = tracks;
            return this;
        }

        /** Serve {@code GET /relay-token?room=} minting tokens for anyone (demos and tests only; default off). */
        public Builder tokenEndpoint(boolean enabled) {
            this.tokenEndpoint = enabled;
            return this;
        }

        /**
         * Whether to start the HTTP server with the relay page (default true). Applications that serve their own
         * page and only need the socket turn it off; {@link #ports}'s HTTP port is then unused.
         */
        public Builder servePage(boolean enabled) {
            this.servePage = enabled;
            return this;
        }

        public RelayServer build() throws IOException {
            return new RelayServer(this);
        }
    }
}
