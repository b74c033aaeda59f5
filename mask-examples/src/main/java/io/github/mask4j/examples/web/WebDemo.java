package io.github.mask4j.examples.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.mask4j.FeatureExtractor;
import io.github.mask4j.Mask4jException;
import io.github.mask4j.classification.Classification;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.classification.ClassifierOptions;
import io.github.mask4j.examples.report.Json;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.training.EpochResult;
import io.github.mask4j.training.TrainingOptions;
import io.github.mask4j.training.TrainingReport;
import io.github.mask4j.twilio.web.TwilioVideoScript;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web demo served from the JVM: a page with a camera preview whose frames are posted here as JPEGs to be
 * added as examples, trained on, saved and classified by mask4j; and Twilio access tokens for joining rooms.
 *
 * <p>Thread-safe: requests are handled on a small pool; the classifier is thread-safe and training runs on its
 * own thread. {@link #close()} is idempotent.
 */
public final class WebDemo implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebDemo.class);
    /** Largest accepted upload: a camera frame as JPEG is far smaller. */
    private static final int MAX_IMAGE_BYTES = 8 << 20;
    private static final int MAX_EPOCHS = 500;

    private final FeatureExtractor extractor;
    private final Path saveTo;
    private final Optional<TwilioTokens> tokens;
    private final ParticipantStatusBoard participants = new ParticipantStatusBoard();
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

    private WebDemo(FeatureExtractor extractor, String host, int port, Path classifierDir, Path saveTo,
            Optional<TwilioTokens> tokens) throws IOException {
        this.extractor = extractor;
        this.saveTo = saveTo;
        this.tokens = tokens;
        if (classifierDir != null) {
            this.classifier = Classifier.load(classifierDir, extractor);
            this.loadedWithoutExamples = classifier.exampleCount() == 0;
        } else {
            this.classifier = extractor.classification(ClassifierOptions.defaults());
        }
        AtomicInteger n = new AtomicInteger();
        this.requests = Executors.newFixedThreadPool(4, r -> daemon(r, "mask4j-http-" + n.incrementAndGet()));
        this.server = HttpServer.create(new InetSocketAddress(host, port), 32);
        server.setExecutor(requests);
        server.createContext("/", this::handle);
        server.start();
        LOG.info("web demo listening on {}", url());
    }

    /**
     * Starts the server.
     *
     * @param extractor used for all images; the caller closes it after closing the demo
     * @param port port, or 0 for any free one
     * @param classifierDir a saved classifier to start with, or null for an empty one
     * @param saveTo where the page's save button saves
     * @param tokens Twilio token issuer, or empty when no credentials are configured
     */
    public static WebDemo start(FeatureExtractor extractor, String host, int port, Path classifierDir, Path saveTo,
            Optional<TwilioTokens> tokens) throws IOException {
        return new WebDemo(extractor, host, port, classifierDir, saveTo, tokens);
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
            case "GET /api/state" -> sendJson(ex, 200, state());
            case "POST /api/examples" -> sendJson(ex, 200, addExample(q.get("label"), body(ex)));
            case "DELETE /api/examples" -> sendJson(ex, 200, reset());
            case "POST /api/train" -> sendJson(ex, 202, startTraining(q.getOrDefault("epochs", "20")));
            case "GET /api/train" -> sendJson(ex, 200, trainingJson());
            case "POST /api/predict" -> sendJson(ex, 200, predict(body(ex)));
            case "POST /api/save" -> sendJson(ex, 200, save());
            case "POST /api/token" -> token(ex, q);
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
            classifier = extractor.classification(ClassifierOptions.defaults());
            loadedWithoutExamples = false;
            training = TrainingState.idle();
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
        requests.shutdownNow();
        trainer.shutdownNow();
        try {
            trainer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
