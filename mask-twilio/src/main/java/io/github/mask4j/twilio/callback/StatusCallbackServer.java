package io.github.mask4j.twilio.callback;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.twilio.security.RequestValidator;
import io.github.mask4j.twilio.recording.ParticipantTimeline;
import io.github.mask4j.twilio.recording.RecordingProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP endpoint for Twilio Video room status callbacks. Every request must carry a valid
 * {@code X-Twilio-Signature} (checked with twilio-java's {@link RequestValidator} against the public URL Twilio
 * was given and the posted form parameters); unsigned or forged requests get 403 and reach no listener. Valid
 * events go to the listeners; {@code recording-completed} also starts processing that recording into a timeline
 * on a background thread when a {@link RecordingProcessor} is configured.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class StatusCallbackServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusCallbackServer.class);
    private static final int MAX_BODY = 64 * 1024;

    private final RequestValidator validator;
    private final String publicUrl;
    private final String path;
    private final List<RoomEventListener> listeners;
    private final RecordingProcessor processor;
    private final Consumer<ParticipantTimeline> timelines;
    private final ExecutorService work;
    private final HttpServer server;
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    private StatusCallbackServer(Builder b) throws IOException {
        Objects.requireNonNull(b.authToken, "authToken");
        Objects.requireNonNull(b.publicUrl, "publicUrl");
        this.validator = new RequestValidator(b.authToken);
        this.publicUrl = b.publicUrl.toString();
        this.path = b.publicUrl.getPath().isEmpty() ? "/" : b.publicUrl.getPath();
        this.listeners = List.copyOf(b.listeners);
        this.processor = b.processor;
        this.timelines = b.timelines;
        this.work = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mask4j-recordings");
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(b.host), b.port), 0);
        server.createContext(path, handler());
        server.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The local port (the public URL may differ behind a proxy). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Requests refused with 403 so far. */
    public long rejectedRequests() {
        return rejected.get();
    }

    /** The handler, to mount in another JDK HTTP server. */
    public HttpHandler handler() {
        return this::handle;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                ex.sendResponseHeaders(413, -1);
                return;
            }
            Map<String, String> params = form(new String(body, StandardCharsets.UTF_8));
            String signature = ex.getRequestHeaders().getFirst("X-Twilio-Signature");
            String query = ex.getRequestURI().getRawQuery();
            String url = query == null ? publicUrl : publicUrl + "?" + query;
            if (signature == null || !validator.validate(url, params, signature)) {
                rejected.incrementAndGet();
                LOG.warn("status callback rejected: {} signature", signature == null ? "missing" : "invalid");
                ex.sendResponseHeaders(403, -1);
                return;
            }
            String name = params.get("StatusCallbackEvent");
            if (name == null) {
                ex.sendResponseHeaders(400, -1);
                return;
            }
            RoomEvent event = new RoomEvent(name, params.get("RoomSid"), params.get("RoomName"), params);
            for (RoomEventListener l : listeners) {
                try {
                    l.onEvent(event);
                } catch (RuntimeException e) {
                    LOG.warn("room event listener failed: {}", e.toString());
                }
            }
            if (RoomEvent.RECORDING_COMPLETED.equals(name) && processor != null) {
                startProcessing(event);
            }
            ex.sendResponseHeaders(204, -1);
        }
    }

    private void startProcessing(RoomEvent event) {
        String room = event.roomSid();
        String recording = event.recordingSid().orElse(null);
        if (room == null || recording == null) {
            LOG.warn("recording-completed without RoomSid/RecordingSid: {}", event.parameters());
            return;
        }
        if ("audio".equalsIgnoreCase(event.parameter("TrackKind").orElse(""))) {
            return;
        }
        work.submit(() -> {
            try {
                ParticipantTimeline t = processor.processRecording(room, recording);
                if (timelines != null) {
                    timelines.accept(t);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.error("processing recording {} of room {} failed: {}", recording, room, e.toString());
            }
        });
    }

    private static Map<String, String> form(String body) {
        Map<String, String> m = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return m;
        }
        for (String kv : body.split("&")) {
            int i = kv.indexOf('=');
            String k = i < 0 ? kv : kv.substring(0, i);
            String v = i < 0 ? "" : kv.substring(i + 1);
            m.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return m;
    }

    /** Stops accepting callbacks and waits up to 10 s for recordings being processed. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        work.shutdown();
        try {
            if (!work.awaitTermination(10, TimeUnit.SECONDS)) {
                work.shutdownNow();
            }
        } catch (InterruptedException e) {
            work.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Options for {@link StatusCallbackServer}. Not thread-safe; build once. */
    public static final class Builder {
        private String authToken;
        private URI publicUrl;
        private String host = "127.0.0.1";
        private int port;
        private final List<RoomEventListener> listeners = new ArrayList<>();
        private RecordingProcessor processor;
        private Consumer<ParticipantTimeline> timelines;

        private Builder() {}

        /** The account's auth token, which Twilio signs callbacks with (required). */
        public Builder authToken(String authToken) {
            this.authToken = authToken;
            return this;
        }

        /**
         * The exact status callback URL given to Twilio (required): signatures cover it, and behind a proxy it
         * differs from the local address. Its path is the path served.
         */
        public Builder publicUrl(URI url) {
            this.publicUrl = url;
            return this;
        }

        public Builder listen(String host, int port) {
            this.host = Objects.requireNonNull(host, "host");
            this.port = port;
            return this;
        }

        public Builder listener(RoomEventListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Process each completed video recording and hand the timeline to {@code timelines}. */
        public Builder processRecordings(RecordingProcessor processor, Consumer<ParticipantTimeline> timelines) {
            this.processor = Objects.requireNonNull(processor, "processor");
            this.timelines = timelines;
            return this;
        }

        public StatusCallbackServer build() throws IOException {
            return new StatusCallbackServer(this);
        }
    }
}
