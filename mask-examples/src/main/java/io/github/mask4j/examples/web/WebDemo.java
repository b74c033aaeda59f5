package io.github.mask4j.examples.web;

import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.kafka.publish.FramePublisher;
import io.github.mask4j.twilio.http.ServerOptions;
import io.github.mask4j.twilio.http.SessionSecret;
import io.github.mask4j.twilio.http.WebServer;
import io.github.mask4j.twilio.monitor.RoomMonitor;
import io.github.mask4j.timeline.Smoothing;
import io.github.mask4j.twilio.relay.RelayServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web demo served from the JVM: a page with a camera preview whose frames are posted here as JPEGs to be
 * added as examples, trained on, saved and classified by mask4j; Twilio access tokens for joining rooms; and an
 * embedded mask-twilio relay on the same port: the page streams every room participant's video (and its own
 * camera) over the {@link RelayServer} socket, a {@link RoomMonitor} classifies the frames with the demo's current
 * classifier and smooths them, and each track's smoothed status lands on the {@link ParticipantStatusBoard}
 * the tiles show. With {@link Builder#publishTo(FramePublisher)} the relay publishes every track's frames to
 * Kafka's frames topic instead, for the mask-kafka workers to classify: the tiles then get no labels from this JVM
 * and {@code /api/state} says {@code "classification": "kafka"} under {@code relay}.
 *
 * <p>Wiring only: {@link DemoApi} routes the calls, {@link ClassifierSession} holds the classifier's states,
 * {@link WebServer} enforces the transport limits and checks. Every {@code /api} call needs the per-start secret:
 * open {@link #loginUrl()} once (it sets a session cookie) or send {@code Authorization: Bearer} {@link #secret()}.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class WebDemo implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebDemo.class);
    /** Frames per second the page sends per relayed track. */
    static final int RELAY_FPS = 2;

    private final ParticipantStatusBoard participants = new ParticipantStatusBoard();
    private final SessionSecret secret = SessionSecret.random();
    private final ClassifierSession session;
    private final RoomMonitor monitor;
    private final RelayServer relay;
    private final WebServer server;
    private final Object closeLock = new Object();
    private boolean closed;

    private WebDemo(Builder b) throws IOException {
        this.session = new ClassifierSession(b.extractor, b.classifierDir, b.saveTo, participants::clear);
        // asks for the current classifier per frame: the page may reset and retrain it while tracks stream
        // relay clients may send frames larger than the model needs (the page scales them down, others may not)
        this.monitor = RoomMonitor.builder().classifier(session::current).smoothing(b.smoothing)
                .edgeCheck(b.edgeCheckMinFrames, b.edgeCheckMaxDisagreement).decodeNoLargerThanNeeded(true).build();
        monitor.addListener(new BoardPublisher(participants, monitor));
        this.server = new WebServer(b.options.build());
        RelayServer r = null;
        try {
            RelayServer.Builder rb = b.publisher == null ? RelayServer.builder().monitor(monitor)
                    // the publisher's own threads poll each track: the relay's I/O threads never wait for Kafka
                    : RelayServer.builder().onTrack(b.publisher::publishInBackground);
            r = rb.servePage(false).mountOn(server)
                    .onTrackEnd(origin -> {
                        participants.remove(origin.participant(), origin.track());
                        monitor.forget(origin);
                    }).build();
            new DemoApi(session, participants, monitor, r, b.publisher != null, b.tokens, secret, b.verifyEvery)
                    .mount(server, secret);
            server.start();
        } catch (IOException | RuntimeException e) {
            if (r != null) {
                r.close();
            }
            server.close();
            monitor.close();
            session.close();
            throw e;
        }
        this.relay = r;
        LOG.info("web demo listening on {} (relay socket on the same port, {})", url(),
                b.publisher == null ? "smoothing " + b.smoothing : "frames published to Kafka");
    }

    /**
     * Starts the server with the default smoothing (majority over {@value Builder#DEFAULT_MAJORITY} frames).
     *
     * @param extractor used for all images; the caller closes it after closing the demo
     * @param port port, or 0 for any free one
     * @param classifierDir a saved classifier to start with, or null for an empty one
     * @param saveTo where the page's save button saves
     * @param tokens Twilio token issuer, or empty when no credentials are configured
     */
    public static WebDemo start(FeatureExtractor extractor, String host, int port, Path classifierDir, Path saveTo,
            Optional<TwilioTokens> tokens) throws IOException {
        return builder(extractor).host(host).port(port).classifier(classifierDir).saveTo(saveTo).twilio(tokens)
                .start();
    }

    public static Builder builder(FeatureExtractor extractor) {
        return new Builder(extractor);
    }

    /** The page's address (without the key: its API calls answer 401 until the browser has signed in). */
    public String url() {
        return server.origin() + "/";
    }

    /** The page's address with the per-start key: opening it signs the browser in (session cookie). */
    public String loginUrl() {
        return url() + "?" + SessionSecret.KEY_PARAMETER + "=" + secret.value();
    }

    /** The per-start secret ({@code Authorization: Bearer} for scripts). */
    public String secret() {
        return secret.value();
    }

    /** The port of the page, the API and the relay socket. */
    public int port() {
        return server.port();
    }

    /** Where participants' mask statuses are published for the page's tiles. */
    public ParticipantStatusBoard participants() {
        return participants;
    }

    /** The embedded relay (its socket receives the page's frames; mint tokens with {@code relay().tokens()}). */
    public RelayServer relay() {
        return relay;
    }

    /** The monitor classifying relayed frames (idle when they are published to Kafka). */
    public RoomMonitor monitor() {
        return monitor;
    }

    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        server.close();
        relay.close();
        monitor.close();
        session.close();
    }

    /** Options for {@link WebDemo}. Not thread-safe; build once. */
    public static final class Builder {
        /** Default majority window: at {@value WebDemo#RELAY_FPS} fps, about a second and a half. */
        public static final int DEFAULT_MAJORITY = 3;
        /** Default edge-mode spot-check rate: 1 frame in 10 goes to the server with its label. */
        public static final int DEFAULT_VERIFY_EVERY = 10;

        private final FeatureExtractor extractor;
        private final ServerOptions.Builder options = ServerOptions.builder();
        private String host = "127.0.0.1";
        private int port;
        private Path classifierDir;
        private Path saveTo = Path.of("target", "mask4j-classifier");
        private Optional<TwilioTokens> tokens = Optional.empty();
        private Smoothing smoothing = Smoothing.majority(DEFAULT_MAJORITY);
        private FramePublisher publisher;
        private int verifyEvery = DEFAULT_VERIFY_EVERY;
        private int edgeCheckMinFrames = 5;
        private double edgeCheckMaxDisagreement = 0.2;

        private Builder(FeatureExtractor extractor) {
            this.extractor = Objects.requireNonNull(extractor, "extractor");
        }

        /** Address for the page, the API and the relay socket (default 127.0.0.1). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            options.listen(this.host, port);
            return this;
        }

        /** The port of the page, the API and the relay socket (default 0: any free port). */
        public Builder port(int port) {
            options.listen(host, port);
            this.port = port;
            return this;
        }

        /** Transport options (timeouts, threads, more Host names and Origins, TLS). */
        public Builder server(UnaryOperator<ServerOptions.Builder> change) {
            change.apply(options);
            return this;
        }

        /** A saved classifier to start with (null: an empty one). */
        public Builder classifier(Path dir) {
            this.classifierDir = dir;
            return this;
        }

        /** Where the page's save button saves. */
        public Builder saveTo(Path dir) {
            this.saveTo = Objects.requireNonNull(dir, "saveTo");
            return this;
        }

        /** Twilio token issuer (empty: the page explains how to configure it). */
        public Builder twilio(Optional<TwilioTokens> tokens) {
            this.tokens = Objects.requireNonNull(tokens, "tokens");
            return this;
        }

        /** How each participant's per-frame labels are smoothed (default majority over 3 frames). */
        public Builder smoothing(Smoothing smoothing) {
            this.smoothing = Objects.requireNonNull(smoothing, "smoothing");
            return this;
        }

        /**
         * Publishes every relayed track's frames with {@code publisher} (to the frames topic, for Kafka workers)
         * instead of classifying them in this JVM. The caller closes the publisher after closing the demo.
         */
        public Builder publishTo(FramePublisher publisher) {
            this.publisher = Objects.requireNonNull(publisher, "publisher");
            return this;
        }

        /**
         * Edge mode (default on, 1 in {@value #DEFAULT_VERIFY_EVERY}): the page fetches the current classifier as
         * ONNX ({@code /model.onnx}, re-exported after each training), classifies its tracks in onnxruntime-web and
         * sends labels; 1 frame in {@code verifyEvery} also goes with its label for the server to check. 0 turns
         * edge mode off: the page sends frames for the server to classify. Pages without WebAssembly, or that
         * cannot load the model, send frames either way.
         */
        public Builder edge(int verifyEvery) {
            if (verifyEvery < 0 || verifyEvery > 10_000) {
                throw new IllegalArgumentException("verifyEvery must be 0 (edge mode off) to 10000, got "
                        + verifyEvery);
            }
            this.verifyEvery = verifyEvery;
            return this;
        }

        /**
         * When a track's edge labels are flagged: after {@code minFrames} checked frames, more than
         * {@code maxDisagreement} of them labelled otherwise by the server (default 5, 0.2).
         */
        public Builder edgeCheck(int minFrames, double maxDisagreement) {
            RoomMonitor.builder().edgeCheck(minFrames, maxDisagreement); // the monitor's own checks, early
            this.edgeCheckMinFrames = minFrames;
            this.edgeCheckMaxDisagreement = maxDisagreement;
            return this;
        }

        public WebDemo start() throws IOException {
            return new WebDemo(this);
        }
    }
}
