package io.github.mask4j.twilio.callback;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.github.mask4j.twilio.recording.NotVideoRecordingException;
import io.github.mask4j.twilio.recording.ParticipantTimeline;
import io.github.mask4j.twilio.recording.RecordingProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
 * {@code X-Twilio-Signature}, checked by {@link CallbackVerifier} (twilio-java's {@code RequestValidator} over the
 * {@link SignedUrl}: the public URL Twilio was given with the request's own query string, and the posted form
 * parameters); unsigned or forged requests get 403 and reach no listener. Callbacks sent with {@code GET} (a room's
 * {@code StatusCallbackMethod} may be GET) carry their parameters in the signed query string and are handled the
 * same way; other methods get 405. Valid events go to the listeners; a {@code recording-completed} of a video
 * track ({@code Type=video}; audio recordings are skipped before any REST call) also starts processing that
 * recording into a timeline on a background thread when a {@link RecordingProcessor} is configured.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class StatusCallbackServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusCallbackServer.class);

    private final CallbackVerifier verifier;
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
        this.verifier = new CallbackVerifier(b.authToken, b.publicUrl);
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
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readNBytes(CallbackVerifier.MAX_BYTES + 1);
            }
            String signature = ex.getRequestHeaders().getFirst("X-Twilio-Signature");
            CallbackVerifier.Verdict v = verifier.verify(ex.getRequestMethod(), ex.getRequestURI().getRawQuery(), body,
                    signature);
            if (!v.accepted()) {
                if (v.status() == 403) {
                    rejected.incrementAndGet();
                    LOG.warn("status callback rejected: {} signature for {} {}",
                            signature == null ? "missing" : "invalid", ex.getRequestMethod(), v.signedUrl());
                }
                if (v.status() == 405) {
                    ex.getResponseHeaders().add("Allow", "POST, GET");
                }
                sendText(ex, v.status(), v.message());
                return;
            }
            dispatch(v.event());
            ex.sendResponseHeaders(204, -1);
        }
    }

    /** Hands a validated event to the listeners, and a completed video recording to the processor. */
    private void dispatch(RoomEvent event) {
        for (RoomEventListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("room event listener failed: {}", e.toString());
            }
        }
        if (RoomEvent.RECORDING_COMPLETED.equals(event.event()) && processor != null) {
            startProcessing(event);
        }
    }

    private static void sendText(HttpExchange ex, int status, String message) throws IOException {
        if (message == null) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private void startProcessing(RoomEvent event) {
        String room = event.roomSid();
        String recording = event.recordingSid().orElse(null);
        if (room == null || recording == null) {
            LOG.warn("recording-completed without RoomSid/RecordingSid: {}", event.parameters());
            return;
        }
        // recording callbacks say what was recorded in Type (audio/video/data) and Container (mka/mkv)
        if (!event.isVideoRecording()) {
            LOG.debug("recording {} is not video (Type={}, Container={}): skipped", recording,
                    event.parameter("Type").orElse("?"), event.parameter("Container").orElse("?"));
            return;
        }
        String identity = event.participantIdentity().orElse(null);
        work.submit(() -> {
            try {
                ParticipantTimeline t = processor.processRecording(room, recording, identity);
                if (timelines != null) {
                    timelines.accept(t);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (NotVideoRecordingException e) {
                LOG.info("{}", e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("processing recording {} of room {} failed: {}", recording, room, e.toString());
            }
        });
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
         * The exact status callback URL given to Twilio (required, absolute): signatures cover its scheme, host, port
         * (when it names one) and path, plus the query string each request arrives with; behind a proxy it differs
         * from the local address. Its path is the path served.
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
