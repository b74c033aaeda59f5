package io.github.mask4j.examples.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.mask4j.FeatureExtractor;
import io.github.mask4j.Mask4jException;
import io.github.mask4j.classification.Classification;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.classification.ClassifierOptions;
import io.github.mask4j.examples.report.Json;
import io.github.mask4j.frame.Frame;
import io.github.mask4j.frame.FrameOrigin;
import io.github.mask4j.frame.FrameSource;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.training.EpochResult;
import io.github.mask4j.training.TrainingOptions;
import io.github.mask4j.training.TrainingReport;
import io.github.mask4j.twilio.monitor.MonitorListener;
import io.github.mask4j.twilio.monitor.RoomMonitor;
import io.github.mask4j.twilio.monitor.Smoothing;
import io.github.mask4j.twilio.monitor.TrackPrediction;
import io.github.mask4j.twilio.relay.LatestFrameSource;
import io.github.mask4j.twilio.relay.RelayServer;
import io.github.mask4j.twilio.web.RelayClientScript;
import io.github.mask4j.twilio.web.TwilioVideoScript;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web demo served from the JVM: a page with a camera preview whose frames are posted here as JPEGs to be
 * added as examples, trained on, saved and classified by mask4j; Twilio access tokens for joining rooms; and an
 * embedded mask-twilio relay: the page streams every room participant's video (and its own camera) over the
 * {@link RelayServer} socket, a {@link RoomMonitor} classifies the frames with the demo's current classifier and
 * smooths them, and each participant's smoothed status lands on the {@link ParticipantStatusBoard} the tiles show.
 *
 * <p>Thread-safe: requests are handled on a small pool; the classifier is thread-safe and training runs on its
 * own thread; the monitor classifies each relayed track on its own thread. {@link #close()} is idempotent.
 */
public final class WebDemo implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebDemo.class);
    /** Largest accepted upload: a camera frame as JPEG is far smaller. */
    private static final int MAX_IMAGE_BYTES = 8 << 20;
    private static final int MAX_EPOCHS = 500;
    /** Frames per second the page sends per relayed track. */
    static final int RELAY_FPS = 2;
    private static final Duration RELAY_TOKEN_TTL = Duration.ofMinutes(10);

    private final FeatureExtractor extractor;
    private final Path saveTo;
    private final Optional<TwilioTokens> tokens;
    private final ParticipantStatusBoard participants = new ParticipantStatusBoard();
    private final RoomMonitor monitor;
    private final RelayServer relay;
    private final HttpServer server;
    private final ExecutorService requests;
    private final ExecutorService trainer = Executors.newSingleThreadExecutor(r -> daemon(r, "mask4j-train"));
    private final Object stateLock = new Object();
    private Classifier classifier;
    private boolean loadedWithoutExamples;
    private TrainingState training = TrainingState.idle();
    private boolean closed;

    /** Training progress as the page sees it. */
    record TrainingState(boolean running, List<EpochResult> epochs, String stopReason, String error) {
        static TrainingState idle() {
            return new TrainingState(false, List.of(), null, null);
        }
    }

    private WebDemo(Builder b) throws IOException {
        this.extractor = Objects.requireNonNull(b.extractor, "extractor");
        this.saveTo = Objects.requireNonNull(b.saveTo, "saveTo");
        this.tokens = b.tokens;
        if (b.classifierDir != null) {
            this.classifier = Classifier.load(b.classifierDir, extractor);
            this.loadedWithoutExamples = classifier.exampleCount() == 0;
        } else {
            this.classifier = extractor.classification(ClassifierOptions.neuralNetwork());
        }
        // asks for the current classifier per frame: the page may reset and retrain it while tracks stream
        this.monitor = RoomMonitor.builder().classifier(this::current).smoothing(b.smoothing).build();
        monitor.addListener(new BoardListener());
        RelayServer r = null;
        try {
            r = RelayServer.builder().monitor(monitor).servePage(false).host(b.host).ports(0, b.relayPort)
                    .onTrack(this::monitorTrack).build();
            AtomicInteger n = new AtomicInteger();
            this.requests = Executors.newFixedThreadPool(4, t -> daemon(t, "mask4j-http-" + n.incrementAndGet()));
            this.server = HttpServer.create(new InetSocketAddress(b.host, b.port), 32);
        } catch (IOException | RuntimeException e) {
            if (r != null) {
                r.close();
            }
            monitor.close();
            throw e;
        }
        this.relay = r;
        server.setExecutor(requests);
        server.createContext("/", this::handle);
        server.start();
        LOG.info("web demo listening on {} (relay socket on port {}, smoothing {})", url(), relay.socketPort(),
                b.smoothing);
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

    /** The page's address. */
    public String url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getHostString();
        return "http://" + host + ":" + a.getPort() + "/";
    }

    /** The port listened on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Where participants' mask statuses are published for the page's tiles. */
    public ParticipantStatusBoard participants() {
        return participants;
    }

    /** The embedded relay (its socket receives the page's frames; mint tokens with {@code relay().tokens()}). */
    public RelayServer relay() {
        return relay;
    }

    /** The monitor classifying relayed frames. */
    public RoomMonitor monitor() {
        return monitor;
    }

    /** A relayed track goes to the monitor; when it ends (socket closed) its participant leaves the board. */
    private void monitorTrack(LatestFrameSource source) {
        monitor.attach(new FrameSource() {
            @Override
            public Optional<Frame> next(Duration timeout) throws InterruptedException {
                return source.next(timeout);
            }

            @Override
            public boolean isFinished() {
                return source.isFinished();
            }

            @Override
            public void close() {
                source.close();
                participants.remove(source.origin().participant());
            }
        });
    }

    /** Publishes the monitor's smoothed results (or "not trained") on the board. */
    private final class BoardListener implements MonitorListener {
        @Override
        public void onPrediction(TrackPrediction p) {
            FrameOrigin o = p.origin();
            String label = p.smoothedLabel() != null ? p.smoothedLabel() : p.label();
            // the smoothed label's confidence: the mean over the smoothing window's frames that agree with it
            List<TrackPrediction> recent = monitor.recent(o.room(), o.participant());
            int window = Math.min(recent.size(), monitor.smoothing().frames());
            double sum = 0;
            int agree = 0;
            for (TrackPrediction r : recent.subList(recent.size() - window, recent.size())) {
                if (r.label().equals(label)) {
                    sum += r.confidence();
                    agree++;
                }
            }
            double confidence = agree == 0 ? p.confidence() : sum / agree;
            participants.update(new ParticipantStatusBoard.Status(o.participant(), ParticipantStatusBoard.CLASSIFIED,
                    label, confidence, p.label(), p.confidence(), p.timestampMillis()));
        }

        @Override
        public void onUnclassified(FrameOrigin origin, long timestampMillis, String reason) {
            if (RoomMonitor.NOT_TRAINED.equals(reason)) {
                participants.notTrained(origin.participant(), timestampMillis);
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            try {
                route(ex, method, path);
            } catch (IllegalArgumentException | Mask4jException e) {
                sendJson(ex, 400, Map.of("error", String.valueOf(e.getMessage())));
            } catch (IllegalStateException e) {
                sendJson(ex, 409, Map.of("error", String.valueOf(e.getMessage())));
            } catch (RuntimeException e) {
                LOG.warn("request {} {} failed", method, path, e);
                sendJson(ex, 500, Map.of("error", e.toString()));
            }
        }
    }

    private void route(HttpExchange ex, String method, String path) throws IOException {
        Map<String, String> q = query(ex);
        switch (method + " " + path) {
            case "GET /", "GET /index.html" -> sendResource(ex, "index.html", "text/html; charset=utf-8");
            case "GET /app.js" -> sendResource(ex, "app.js", "text/javascript; charset=utf-8");
            case "GET /style.css" -> sendResource(ex, "style.css", "text/css; charset=utf-8");
            case "GET " + TwilioVideoScript.PATH -> send(ex, 200, "text/javascript; charset=utf-8",
                    TwilioVideoScript.bytes());
            case "GET " + RelayClientScript.PATH -> send(ex, 200, "text/javascript; charset=utf-8",
                    RelayClientScript.bytes());
            case "GET /api/state" -> sendJson(ex, 200, state());
            case "POST /api/examples" -> sendJson(ex, 200, addExample(q.get("label"), body(ex)));
            case "DELETE /api/examples" -> sendJson(ex, 200, reset());
            case "POST /api/train" -> sendJson(ex, 202, startTraining(q.getOrDefault("epochs", "20")));
            case "GET /api/train" -> sendJson(ex, 200, trainingJson());
            case "POST /api/predict" -> sendJson(ex, 200, predict(body(ex)));
            case "POST /api/save" -> sendJson(ex, 200, save());
            case "POST /api/token" -> token(ex, q);
            case "POST /api/relay" -> sendJson(ex, 200, relayToken(q.get("room")));
            case "GET /api/participants" -> sendJson(ex, 200, Map.of("participants",
                    participants.snapshot().values()));
            default -> sendJson(ex, 404, Map.of("error", "no such page: " + method + " " + path));
        }
    }

    private Map<String, Object> state() {
        Map<String, Object> m = new LinkedHashMap<>();
        Classifier c = current();
        m.put("model", extractor.info().id());
        m.put("counts", c.exampleCounts());
        m.put("trained", c.isTrained());
        m.put("training", trainingJson());
        m.put("saveTo", saveTo.toAbsolutePath().normalize().toString());
        Map<String, Object> tw = new LinkedHashMap<>();
        tw.put("configured", tokens.isPresent());
        if (tokens.isEmpty()) {
            tw.put("help", TwilioTokens.HOW_TO);
        }
        m.put("twilio", tw);
        m.put("relay", relayInfo());
        return m;
    }

    private Map<String, Object> relayInfo() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("port", relay.socketPort());
        m.put("path", RelayServer.SOCKET_PATH);
        m.put("fps", RELAY_FPS);
        m.put("smoothing", monitor.smoothing().kind().name().toLowerCase(java.util.Locale.ROOT) + ":"
                + monitor.smoothing().frames());
        return m;
    }

    /**
     * A token for the relay socket, bound to one room. The demo serves anyone who can reach it (127.0.0.1 by
     * default), as it does for its other endpoints; a real application checks who asks first.
     */
    private Map<String, Object> relayToken(String room) {
        if (room == null || room.isBlank() || room.length() > 128) {
            throw new IllegalArgumentException("room must be given (?room=mask4j), 1-128 characters");
        }
        Map<String, Object> m = relayInfo();
        m.put("room", room);
        m.put("token", relay.tokens().mint(room, RELAY_TOKEN_TTL));
        return m;
    }

    private Classifier current() {
        synchronized (stateLock) {
            return classifier;
        }
    }

    private Map<String, Object> addExample(String label, byte[] jpeg) {
        if (label == null || label.isBlank() || label.length() > 64) {
            throw new IllegalArgumentException("label must be given (?label=with_mask), 1-64 characters");
        }
        synchronized (stateLock) {
            if (training.running()) {
                throw new IllegalStateException("training is running; add examples when it has finished");
            }
            if (loadedWithoutExamples) {
                throw new IllegalStateException("the classifier given with --classifier was saved without its "
                        + "examples, so it cannot learn more; reset to start a new one");
            }
        }
        Classifier c = current();
        c.addImage(ImageInput.of(jpeg, "camera frame for " + label), label);
        return Map.of("counts", c.exampleCounts());
    }

    private Map<String, Object> reset() {
        synchronized (stateLock) {
            if (training.running()) {
                throw new IllegalStateException("training is running");
            }
            classifier = extractor.classification(ClassifierOptions.neuralNetwork());
            loadedWithoutExamples = false;
            training = TrainingState.idle();
            participants.clear();
            return Map.of("counts", classifier.exampleCounts());
        }
    }

    private Map<String, Object> startTraining(String epochsText) {
        int epochs;
        try {
            epochs = Integer.parseInt(epochsText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("epochs must be a whole number, got '" + epochsText + "'");
        }
        if (epochs < 1 || epochs > MAX_EPOCHS) {
            throw new IllegalArgumentException("epochs must be 1-" + MAX_EPOCHS + ", got " + epochs);
        }
        Classifier c;
        synchronized (stateLock) {
            if (closed) {
                throw new IllegalStateException("server is shutting down");
            }
            if (training.running()) {
                throw new IllegalStateException("training is already running");
            }
            c = classifier;
            if (c.labels().size() < 2) {
                throw new IllegalArgumentException("add examples of both labels before training (have "
                        + c.exampleCounts() + ")");
            }
            training = new TrainingState(true, List.of(), null, null);
        }
        // Small sets from a camera: hold out examples for validation curves only when there are enough.
        double split = c.exampleCount() >= 20 ? 0.2 : 0;
        TrainingOptions options = TrainingOptions.builder().epochs(epochs).validationSplit(split).build();
        trainer.execute(() -> runTraining(c, options));
        return Map.of("started", true, "epochs", epochs);
    }

    private void runTraining(Classifier c, TrainingOptions options) {
        List<EpochResult> seen = new ArrayList<>();
        try {
            TrainingReport report = c.train(options, (e, control) -> {
                synchronized (stateLock) {
                    seen.add(e);
                    training = new TrainingState(true, List.copyOf(seen), null, null);
                }
            });
            synchronized (stateLock) {
                training = new TrainingState(false, List.copyOf(seen), report.stopReason(), null);
            }
        } catch (RuntimeException e) {
            LOG.warn("training failed", e);
            synchronized (stateLock) {
                training = new TrainingState(false, List.copyOf(seen), null, String.valueOf(e.getMessage()));
            }
        }
    }

    private Map<String, Object> trainingJson() {
        TrainingState t;
        synchronized (stateLock) {
            t = training;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("running", t.running());
        List<Map<String, Object>> epochs = new ArrayList<>();
        for (EpochResult e : t.epochs()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("epoch", e.epoch());
            x.put("epochs", e.epochs());
            x.put("loss", Json.round(e.loss()));
            x.put("accuracy", e.accuracy() == null ? null : Json.round(e.accuracy()));
            x.put("validationLoss", e.validationLoss() == null ? null : Json.round(e.validationLoss()));
            epochs.add(x);
        }
        m.put("epochs", epochs);
        m.put("stopReason", t.stopReason());
        m.put("error", t.error());
        return m;
    }

    private Map<String, Object> predict(byte[] jpeg) {
        Classifier c = current();
        if (!c.isTrained()) {
            throw new IllegalStateException("train (or start with --classifier) before predicting");
        }
        Classification r = c.classify(ImageInput.of(jpeg, "camera frame"));
        return Json.classification(r);
    }

    private Map<String, Object> save() {
        Classifier c = current();
        if (!c.isTrained()) {
            throw new IllegalStateException("nothing to save yet: train first");
        }
        c.save(saveTo, c.exampleCount() > 0);
        return Map.of("path", saveTo.toAbsolutePath().normalize().toString());
    }

    private void token(HttpExchange ex, Map<String, String> q) throws IOException {
        if (tokens.isEmpty()) {
            sendJson(ex, 503, Map.of("error", TwilioTokens.HOW_TO));
            return;
        }
        String room = q.getOrDefault("room", "mask4j");
        String identity = q.getOrDefault("identity", "mask4j-" + Long.toHexString(System.nanoTime()));
        sendJson(ex, 200, Map.of("token", tokens.get().token(identity, room), "room", room, "identity", identity));
    }

    private static byte[] body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] b = in.readNBytes(MAX_IMAGE_BYTES + 1);
            if (b.length > MAX_IMAGE_BYTES) {
                throw new IllegalArgumentException("image larger than " + (MAX_IMAGE_BYTES >> 20) + " MB");
            }
            if (b.length == 0) {
                throw new IllegalArgumentException("empty request body: POST the camera frame as image/jpeg");
            }
            return b;
        }
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> m = new HashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            m.put(k, v);
        }
        return m;
    }

    private static void sendResource(HttpExchange ex, String name, String type) throws IOException {
        try (InputStream in = WebDemo.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                sendJson(ex, 404, Map.of("error", "not bundled: " + name));
                return;
            }
            send(ex, 200, type, in.readAllBytes());
        }
    }

    private static void sendJson(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json; charset=utf-8", Json.line(body).getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        synchronized (stateLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        server.stop(0);
        relay.close();
        monitor.close();
        requests.shutdownNow();
        trainer.shutdownNow();
        try {
            trainer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Options for {@link WebDemo}. Not thread-safe; build once. */
    public static final class Builder {
        /** Default majority window: at {@value WebDemo#RELAY_FPS} fps, about a second and a half. */
        public static final int DEFAULT_MAJORITY = 3;

        private final FeatureExtractor extractor;
        private String host = "127.0.0.1";
        private int port;
        private int relayPort;
        private Path classifierDir;
        private Path saveTo = Path.of("target", "mask4j-classifier");
        private Optional<TwilioTokens> tokens = Optional.empty();
        private Smoothing smoothing = Smoothing.majority(DEFAULT_MAJORITY);

        private Builder(FeatureExtractor extractor) {
            this.extractor = Objects.requireNonNull(extractor, "extractor");
        }

        /** Address for the page and the relay socket (default 127.0.0.1). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The page's port (default 0: any free port). */
        public Builder port(int port) {
            this.port = checkPort(port);
            return this;
        }

        /** The relay socket's port (default 0: any free port; the page learns it from {@code /api/state}). */
        public Builder relayPort(int port) {
            this.relayPort = checkPort(port);
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

        private static int checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, got " + port);
            }
            return port;
        }

        public WebDemo start() throws IOException {
            return new WebDemo(this);
        }
    }
}
