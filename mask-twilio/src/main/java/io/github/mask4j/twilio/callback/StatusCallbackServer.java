package io.github.mask4j.twilio.callback;

import io.github.mask4j.twilio.http.Exchange;
import io.github.mask4j.twilio.http.ServerOptions;
import io.github.mask4j.twilio.http.WebServer;
import io.github.mask4j.twilio.recording.ParticipantTimeline;
import io.github.mask4j.twilio.recording.RecordingProcessor;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * An HTTP endpoint for Twilio Video room status callbacks, on its own {@link WebServer} or mounted on an
 * application's. Every request must carry a valid {@code X-Twilio-Signature}, checked by {@link CallbackVerifier}
 * (twilio-java's {@code RequestValidator} over the {@link SignedUrl}: the public URL Twilio was given with the
 * request's own query string, and the posted form parameters); unsigned or forged requests get 403 and reach no
 * listener. Callbacks sent with {@code GET} carry their parameters in the signed query and are handled the same way;
 * other methods get 405. Bodies over 64 KiB get 413.
 * The server answers only the public URL's host name besides the loopback names (421 otherwise). Valid events go to
 * the listeners; {@code recording-completed} also starts processing that recording into a timeline on a background
 * thread when a {@link RecordingProcessor} is configured.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class StatusCallbackServer implements AutoCloseable {
    private final StatusCallbacks callbacks;
    private final WebServer server;
    private final boolean ownsServer;
    private final AtomicBoolean closed = new AtomicBoolean();

    private StatusCallbackServer(Builder b) throws IOException {
        Objects.requireNonNull(b.authToken, "authToken");
        Objects.requireNonNull(b.publicUrl, "publicUrl");
        this.callbacks = new StatusCallbacks(b.authToken, b.publicUrl, b.listeners, b.processor, b.timelines);
        this.ownsServer = b.server == null;
        if (ownsServer) {
            ServerOptions.Builder o = b.options.listen(b.host, b.port);
            if (b.publicUrl.getHost() != null) {
                o.allowHost(b.publicUrl.getHost());
            }
            this.server = new WebServer(o.build());
        } else {
            this.server = b.server;
        }
        String path = b.publicUrl.getPath() == null || b.publicUrl.getPath().isEmpty() ? "/" : b.publicUrl.getPath();
        server.callback(path, this::handle);
        if (ownsServer) {
            try {
                server.start();
            } catch (IOException e) {
                callbacks.close();
                throw e;
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    private void handle(Exchange ex) throws IOException {
        // POST callbacks carry a form body; GET callbacks (a room's StatusCallbackMethod) only the signed query
        byte[] body = "POST".equals(ex.method()) ? ex.body(CallbackVerifier.MAX_BYTES) : new byte[0];
        CallbackVerifier.Verdict v = callbacks.handle(ex.method(), ex.rawQuery(), body,
                ex.header("X-Twilio-Signature").orElse(null));
        if (v.status() == 405) {
            ex.setHeader("Allow", "POST, GET");
        }
        if (v.message() == null) {
            ex.empty(v.status());
        } else {
            ex.error(v.status(), v.message());
        }
    }

    /** The local port (the public URL may differ behind a proxy). */
    public int port() {
        return server.port();
    }

    /** Requests refused with 403 so far. */
    public long rejectedRequests() {
        return callbacks.rejected();
    }

    /** Stops accepting callbacks (when it owns its server) and waits up to 10 s for recordings being processed. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (ownsServer) {
            server.close();
        }
        callbacks.close();
    }

    /** Options for {@link StatusCallbackServer}. Not thread-safe; build once. */
    public static final class Builder {
        private String authToken;
        private URI publicUrl;
        private String host = "127.0.0.1";
        private int port;
        private final ServerOptions.Builder options = ServerOptions.builder();
        private WebServer server;
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
         * differs from the local address. Its path is the path served; its host is a Host name answered.
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

        /** Transport options of its own server (timeouts, threads, more host names, TLS). */
        public Builder server(UnaryOperator<ServerOptions.Builder> change) {
            change.apply(options);
            return this;
        }

        /** Serve the callback path on an application's server (register before it starts) instead of its own. */
        public Builder mountOn(WebServer server) {
            this.server = Objects.requireNonNull(server, "server");
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
