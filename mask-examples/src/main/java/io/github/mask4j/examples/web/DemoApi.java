package io.github.mask4j.examples.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mask4j.export.ExportedModel;
import io.github.mask4j.twilio.http.CallerCheck;
import io.github.mask4j.twilio.http.Exchange;
import io.github.mask4j.twilio.http.HttpError;
import io.github.mask4j.twilio.http.Permits;
import io.github.mask4j.twilio.http.Route;
import io.github.mask4j.twilio.http.SessionSecret;
import io.github.mask4j.twilio.http.WebServer;
import io.github.mask4j.twilio.monitor.RoomMonitor;
import io.github.mask4j.twilio.relay.RelayServer;
import io.github.mask4j.twilio.web.RelayClientScript;
import io.github.mask4j.twilio.web.TwilioVideoScript;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The demo's routes: static files, and the {@code /api} calls, each of which needs an authenticated caller (the
 * session cookie set by the login address, or {@code Authorization: Bearer}); state-changing ones carry JSON
 * ({@code {"image": base64 JPEG}} for uploads). Image decodes are bounded ({@link #DECODES} at once, 503 beyond).
 *
 * <p>Thread-safe: routes run on many threads; state lives in {@link ClassifierSession}.
 */
final class DemoApi {
    /** Largest accepted upload: a camera frame as JPEG is far smaller. */
    static final int MAX_IMAGE_BYTES = 8 << 20;
    /** The JSON body around it: base64 is 4/3 of the bytes. */
    private static final int MAX_BODY_BYTES = MAX_IMAGE_BYTES / 3 * 4 + 4096;
    /** Images decoded at once; more wait up to a few seconds, then get 503. */
    static final int DECODES = 2;
    private static final Duration RELAY_TOKEN_TTL = Duration.ofMinutes(10);
    /** Where the page finds onnxruntime-web (bundled into the jar at build time) and the exported model. */
    static final String ORT_PATH = "/vendor/ort/";
    static final String MODEL_PATH = "/model.onnx";
    // the page's files and onnxruntime-web's (about 14 MB), read from the jar once
    private static final Map<String, Bundled> BUNDLED = new ConcurrentHashMap<>();
    private static final List<String> ORT_FILES = List.of("ort.wasm.min.js", "ort-wasm-simd-threaded.mjs",
            "ort-wasm-simd-threaded.wasm");

    private final ClassifierSession session;
    private final ParticipantStatusBoard participants;
    private final RoomMonitor monitor;
    private final RelayServer relay;
    private final boolean kafka;
    private final Optional<TwilioTokens> twilio;
    private final CallerCheck callers;
    private final Permits decodes = new Permits(DECODES, Duration.ofSeconds(5), "image decodes");
    private final int verifyEvery;

    /**
     * @param verifyEvery edge mode: the page sends 1 in this many frames with its label for the server to check;
     *     0 turns edge mode off (the page sends frames)
     */
    DemoApi(ClassifierSession session, ParticipantStatusBoard participants, RoomMonitor monitor, RelayServer relay,
            boolean kafka, Optional<TwilioTokens> twilio, CallerCheck callers, int verifyEvery) {
        this.verifyEvery = verifyEvery;
        this.session = session;
        this.participants = participants;
        this.monitor = monitor;
        this.relay = relay;
        this.kafka = kafka;
        this.twilio = twilio;
        this.callers = callers;
    }

    void mount(WebServer server, SessionSecret login) {
        server.route("GET", "/", ex -> index(ex, login));
        server.route("GET", "/index.html", ex -> index(ex, login));
        server.route("GET", "/app.js", ex -> resource(ex, "app.js", "text/javascript; charset=utf-8"));
        server.route("GET", "/style.css", ex -> resource(ex, "style.css", "text/css; charset=utf-8"));
        server.route("GET", TwilioVideoScript.PATH, ex -> ex.send(200, "text/javascript; charset=utf-8",
                TwilioVideoScript.bytes()));
        server.route("GET", RelayClientScript.PATH, ex -> ex.send(200, "text/javascript; charset=utf-8",
                RelayClientScript.bytes()));
        for (String file : ORT_FILES) {
            server.route("GET", ORT_PATH + file, ex -> { // megabytes, the same until the jar changes
                Bundled ort = bundled("ort/" + file);
                Revalidated.send(ex, file.endsWith(".wasm") ? "application/wasm" : "text/javascript; charset=utf-8",
                        ort.bytes(), ort.sha256());
            });
        }
        api(server, "GET", MODEL_PATH, ex -> {
            ClassifierSession.ExportedFile f = session.exported(); // pages load it on every visit and training
            Revalidated.send(ex, "application/octet-stream", f.onnx(), f.sha256());
        });
        api(server, "GET", "/model.json", ex -> ex.json(200, modelJson(session.exported())));
        api(server, "GET", "/api/state", ex -> ex.json(200, state()));
        api(server, "POST", "/api/examples", ex -> ex.json(200, decodes.call(() ->
                session.addExample(ex.query("label"), image(ex)))));
        api(server, "DELETE", "/api/examples", ex -> ex.json(200, session.reset()));
        api(server, "POST", "/api/train", ex -> ex.json(202, session.startTraining(
                Optional.ofNullable(ex.query("epochs")).orElse("20"))));
        api(server, "GET", "/api/train", ex -> ex.json(200, session.trainingJson()));
        api(server, "POST", "/api/predict", ex -> ex.json(200, decodes.call(() -> session.predict(image(ex)))));
        api(server, "POST", "/api/save", ex -> ex.json(200, session.save()));
        api(server, "POST", "/api/token", this::twilioToken);
        api(server, "POST", "/api/relay", ex -> ex.json(200, relayToken(ex.query("room"))));
        // modelVersion: pages in edge mode load the model again when it changes
        api(server, "GET", "/api/participants", ex -> ex.json(200, Map.of("modelVersion", session.version(),
                "participants",
                participants.snapshot().values(), "checks", participants.checks().values().stream().map(c -> Map.of(
                        "identity", c.identity(), "track", c.track(), "verified", c.verified(), "agreed", c.agreed(),
                        "agreement", c.agreement(), "flagged", c.flagged())).toList())));
    }

    /** A route that answers 401 unless the caller is authenticated. */
    private void api(WebServer server, String method, String path, Route route) {
        server.route(method, path, ex -> {
            if (!callers.isAuthenticated(ex.caller())) {
                throw new HttpError(401, "sign in first: open the address mask4j serve printed (it carries ?key=)");
            }
            route.handle(ex);
        });
    }

    /** The page; {@code ?key=SECRET} sets the session cookie and reloads without the key. */
    private static void index(Exchange ex, SessionSecret login) throws IOException {
        String key = ex.query(SessionSecret.KEY_PARAMETER);
        if (key != null) {
            if (!login.matches(key)) {
                throw new HttpError(401, "wrong key: open the address mask4j serve printed");
            }
            ex.cookie(SessionSecret.COOKIE, login.value(), ex.isSecure());
            StringBuilder rest = new StringBuilder();
            ex.query().forEach((k, v) -> {
                if (!k.equals(SessionSecret.KEY_PARAMETER)) {
                    rest.append(rest.length() == 0 ? '?' : '&').append(Exchange.encode(k)).append('=')
                            .append(Exchange.encode(v));
                }
            });
            ex.redirect("/" + rest);
            return;
        }
        ex.allowWebAssembly(); // the page runs the exported model in onnxruntime-web (edge mode)
        resource(ex, "index.html", "text/html; charset=utf-8");
    }

    private static void resource(Exchange ex, String name, String type) throws IOException {
        ex.send(200, type, bundled(name).bytes());
    }

    /** A file under {@code /web/} in the jar, read and hashed on first use. */
    private static Bundled bundled(String name) throws IOException {
        Bundled file = BUNDLED.get(name);
        if (file == null) {
            try (InputStream in = DemoApi.class.getResourceAsStream("/web/" + name)) {
                if (in == null) {
                    throw new HttpError(404, "not bundled: " + name);
                }
                byte[] bytes = in.readAllBytes();
                file = BUNDLED.computeIfAbsent(name, n -> new Bundled(bytes, Revalidated.sha256(bytes)));
            }
        }
        return file;
    }

    /** A file bundled in the jar, read and hashed once. */
    private record Bundled(byte[] bytes, String sha256) {}

    /** The JPEG of a {@code {"image": "<base64>"}} body. */
    private static byte[] image(Exchange ex) throws IOException {
        JsonNode body = ex.jsonBody(MAX_BODY_BYTES);
        JsonNode image = body.get("image");
        if (image == null || !image.isTextual() || image.asText().isEmpty()) {
            throw new IllegalArgumentException("send the camera frame as {\"image\": \"<base64 JPEG>\"}");
        }
        String text = image.asText();
        int comma = text.startsWith("data:") ? text.indexOf(',') : -1;
        try {
            byte[] jpeg = Base64.getDecoder().decode(text.substring(comma + 1));
            if (jpeg.length > MAX_IMAGE_BYTES) {
                throw new HttpError(413, "image larger than " + (MAX_IMAGE_BYTES >> 20) + " MB");
            }
            return jpeg;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("image is not base64");
        }
    }

    private Map<String, Object> state() {
        Map<String, Object> m = new LinkedHashMap<>();
        var c = session.current();
        m.put("model", session.modelId());
        m.put("counts", c.exampleCounts());
        m.put("trained", c.isTrained());
        m.put("training", session.trainingJson());
        m.put("saveTo", session.saveName());
        Map<String, Object> tw = new LinkedHashMap<>();
        tw.put("configured", twilio.isPresent());
        if (twilio.isEmpty()) {
            tw.put("help", TwilioTokens.HOW_TO);
        }
        m.put("twilio", tw);
        m.put("relay", relayInfo());
        return m;
    }

    /**
     * What a page needs besides the file, since onnxruntime-web does not expose its metadata: labels in output
     * order, input size and crop rule, the file's version (changes with each training) and SHA-256.
     */
    private static Map<String, Object> modelJson(ClassifierSession.ExportedFile f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", MODEL_PATH);
        m.put("version", f.version());
        m.put("sha256", f.sha256());
        m.put("bytes", f.onnx().length);
        m.put("labels", f.model().labels());
        m.put("input", ExportedModel.INPUT);
        m.put("output", ExportedModel.PROBABILITIES);
        m.put("width", f.model().preprocessing().width());
        m.put("height", f.model().preprocessing().height());
        m.put("resizeMode", f.model().preprocessing().resizeMode().name());
        m.put("baseModel", f.model().baseModelId());
        m.put("mask4jVersion", f.model().version());
        return m;
    }

    private Map<String, Object> relayInfo() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", RelayServer.SOCKET_PATH);
        m.put("fps", WebDemo.RELAY_FPS);
        // "kafka": frames go to the frames topic and the workers' labels never come back to the page
        m.put("classification", kafka ? "kafka" : "jvm");
        // edge mode: the page classifies with the exported model and sends labels, 1 in verifyEvery with its frame
        m.put("edge", !kafka && verifyEvery > 0);
        m.put("verifyEvery", verifyEvery);
        m.put("modelVersion", session.version());
        m.put("smoothing", monitor.smoothing().kind().name().toLowerCase(Locale.ROOT) + ":"
                + monitor.smoothing().frames());
        return m;
    }

    /** A token for the relay socket (same origin, path {@code /relay}), bound to one room. */
    private Map<String, Object> relayToken(String room) {
        Map<String, Object> m = relayInfo();
        m.put("room", RelayServer.checkRoom(room));
        m.put("token", relay.tokens().mint(room, RELAY_TOKEN_TTL));
        return m;
    }

    private void twilioToken(Exchange ex) {
        if (twilio.isEmpty()) {
            throw new HttpError(503, TwilioTokens.HOW_TO);
        }
        String room = Optional.ofNullable(ex.query("room")).orElse("mask4j");
        String identity = Optional.ofNullable(ex.query("identity")).orElse("mask4j-"
                + Long.toHexString(System.nanoTime()));
        ex.json(200, Map.of("token", twilio.get().token(identity, room), "room", room, "identity", identity));
    }
}
