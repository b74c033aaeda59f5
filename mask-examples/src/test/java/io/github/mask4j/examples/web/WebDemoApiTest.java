package io.github.mask4j.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mask4j.export.ExportedModel;
import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.testing.SharedData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's HTTP API on 127.0.0.1, with real images from the data set. */
class WebDemoApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    record Reply(int status, JsonNode json, String body) {}

    /** Calls the API as the signed-in page does: the session secret, and JSON ({"image": base64}) bodies. */
    Reply call(WebDemo demo, String method, String path, byte[] image) throws Exception {
        HttpResponse<String> r = http.send(DemoRequests.request(demo, method, path, image), HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")
                ? JSON.readTree(r.body()) : null;
        return new Reply(r.statusCode(), json, r.body());
    }

    static List<Path> images(String label, int n) throws Exception {
        try (var s = Files.list(SharedData.masks().resolve("train").resolve(label))) {
            return s.sorted().limit(n).toList();
        }
    }

    @Test
    void addTrainPredictSaveOverHttp(@TempDir Path tmp) throws Exception {
        try (WebDemo demo = WebDemo.start(SharedData.extractor(BuiltinModel.MOBILENET_V2), "127.0.0.1", 0, null,
                tmp.resolve("saved"), Optional.empty())) {
            Reply page = call(demo, "GET", "/", null);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("id=\"predict\"").doesNotContain("https://"); // loads offline
            assertThat(call(demo, "GET", "/app.js", null).status()).isEqualTo(200);
            // the page may compile WebAssembly (onnxruntime-web, edge mode); the API's answers may not
            HttpResponse<byte[]> pageHead = http.send(DemoRequests.request(demo, "GET", "/", null),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(pageHead.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .contains("script-src 'self' 'wasm-unsafe-eval';").doesNotContain("'unsafe-eval'");
            HttpResponse<byte[]> wasm = http.send(DemoRequests.request(demo, "GET",
                    "/vendor/ort/ort-wasm-simd-threaded.wasm", null), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(wasm.statusCode()).isEqualTo(200);
            assertThat(wasm.headers().firstValue("Content-Type")).contains("application/wasm");
            assertThat(wasm.body()).startsWith(0, 'a', 's', 'm'); // the WebAssembly magic number
            assertRevalidated(http, demo, "/vendor/ort/ort-wasm-simd-threaded.wasm", wasm);
            assertThat(pageHead.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(call(demo, "GET", "/vendor/ort/ort.wasm.min.js", null).body()).contains("InferenceSession");
            assertThat(call(demo, "GET", "/model.onnx", null).status()).isEqualTo(409); // nothing trained yet
            assertThat(http.send(HttpRequest.newBuilder(URI.create(demo.url() + "model.onnx")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);

            Reply state = call(demo, "GET", "/api/state", null);
            assertThat(state.json().get("twilio").get("configured").asBoolean()).isFalse();
            assertThat(state.json().get("twilio").get("help").asText()).contains("TWILIO_API_KEY");
            assertThat(call(demo, "POST", "/api/token?room=r", null).status()).isEqualTo(503);

            byte[] someJpeg = Files.readAllBytes(images("with_mask", 1).get(0));
            assertThat(call(demo, "POST", "/api/predict", someJpeg).status()).isEqualTo(409);
            Reply noLabel = call(demo, "POST", "/api/examples", someJpeg);
            assertThat(noLabel.status()).isEqualTo(400);
            assertThat(noLabel.json().get("error").asText()).contains("label");
            Reply notAnImage = call(demo, "POST", "/api/examples?label=with_mask", "hello".getBytes());
            assertThat(notAnImage.status()).isEqualTo(400);
            assertThat(call(demo, "POST", "/api/train", null).status()).isEqualTo(400); // no examples yet

            for (String label : List.of("with_mask", "without_mask")) {
                for (Path p : images(label, 8)) {
                    assertThat(call(demo, "POST", "/api/examples?label=" + label, Files.readAllBytes(p)).status())
                            .isEqualTo(200);
                }
            }
            assertThat(call(demo, "GET", "/api/state", null).json().get("counts").get("without_mask").asInt())
                    .isEqualTo(8);
            assertThat(call(demo, "POST", "/api/train?epochs=12", null).status()).isEqualTo(202);
            JsonNode t = null;
            for (int i = 0; i < 600; i++) {
                t = call(demo, "GET", "/api/train", null).json();
                if (!t.get("running").asBoolean()) {
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(t.get("running").asBoolean()).isFalse();
            assertThat(t.get("epochs")).hasSize(12);
            assertThat(t.get("stopReason").asText()).isEqualTo("completed");

            // edge mode: the trained classifier as one ONNX file, and what the page needs to run it
            Reply model = call(demo, "GET", "/model.json", null);
            assertThat(model.status()).isEqualTo(200);
            assertThat(model.json().get("labels").toString()).isEqualTo("[\"with_mask\",\"without_mask\"]");
            assertThat(model.json().get("width").asInt()).isEqualTo(224);
            assertThat(model.json().get("resizeMode").asText()).isEqualTo("CENTER_CROP");
            assertThat(model.json().get("version").asLong())
                    .isEqualTo(call(demo, "GET", "/api/state", null).json().get("relay").get("modelVersion").asLong());
            HttpResponse<byte[]> onnx = http.send(DemoRequests.request(demo, "GET", "/model.onnx", null),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(onnx.statusCode()).isEqualTo(200);
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(onnx.body())))
                    .isEqualTo(model.json().get("sha256").asText());
            assertRevalidated(http, demo, "/model.onnx", onnx);
            Path file = Files.write(tmp.resolve("served.onnx"), onnx.body());
            assertThat(ExportedModel.read(file).labels()).containsExactly("with_mask", "without_mask");
            // cached until the next training
            assertThat(call(demo, "GET", "/model.json", null).json().get("sha256"))
                    .isEqualTo(model.json().get("sha256"));

            // held-out test images
            try (var s = Files.list(SharedData.masks().resolve("test").resolve("without_mask"))) {
                Path test = s.sorted().findFirst().orElseThrow();
                Reply p = call(demo, "POST", "/api/predict", Files.readAllBytes(test));
                assertThat(p.status()).isEqualTo(200);
                assertThat(p.json().get("label").asText()).isEqualTo("without_mask");
                assertThat(p.json().get("confidence").asDouble()).isGreaterThan(0.5);
            }
            Reply saved = call(demo, "POST", "/api/save", null);
            assertThat(saved.status()).isEqualTo(200);
            assertThat(tmp.resolve("saved/model.json")).isRegularFile();
        }
        // serve --classifier DIR: predicts at once, and (saved with its examples) can learn more
        try (WebDemo again = WebDemo.start(SharedData.extractor(BuiltinModel.MOBILENET_V2), "127.0.0.1", 0,
                tmp.resolve("saved"), tmp.resolve("saved2"), Optional.empty())) {
            JsonNode state = call(again, "GET", "/api/state", null).json();
            assertThat(state.get("trained").asBoolean()).isTrue();
            assertThat(state.get("counts").get("with_mask").asInt()).isEqualTo(8);
            Path test = images("with_mask", 9).get(8); // not one of the examples
            Reply p = call(again, "POST", "/api/predict", Files.readAllBytes(test));
            assertThat(p.status()).isEqualTo(200);
            assertThat(p.json().get("label").asText()).isEqualTo("with_mask");
        }
    }

    @Test
    void issuesRoomTokensWhenConfigured(@TempDir Path tmp) throws Exception {
        TwilioTokens tokens = new TwilioTokens("AC" + "0".repeat(32), "SK" + "1".repeat(32), "x".repeat(32));
        try (WebDemo demo = WebDemo.start(SharedData.extractor(BuiltinModel.MOBILENET_V2), "127.0.0.1", 0, null,
                tmp.resolve("saved"), Optional.of(tokens))) {
            assertThat(call(demo, "GET", "/api/state", null).json().get("twilio").get("configured").asBoolean())
                    .isTrue();
            Reply r = call(demo, "POST", "/api/token?room=lab&identity=bob", null);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("room").asText()).isEqualTo("lab");
            assertThat(r.json().get("token").asText().split("\\.")).hasSize(3);
            assertThat(call(demo, "POST", "/api/token?room=%3Cx%3E", null).status()).isEqualTo(400);
        }
    }

    /**
     * A large body the browser keeps but checks before each use: its SHA-256 is the ETag, and asking with that ETag
     * answers 304 with no body, with any other the whole body again.
     */
    private static void assertRevalidated(HttpClient http, WebDemo demo, String path, HttpResponse<byte[]> first)
            throws Exception {
        String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(first.body()))
                + "\"";
        assertThat(first.headers().firstValue("ETag")).as(path).hasValue(etag);
        assertThat(first.headers().firstValue("Cache-Control")).as(path).hasValue("private, no-cache");
        HttpResponse<byte[]> held = http.send(HttpRequest.newBuilder(DemoRequests.request(demo, "GET", path, null),
                (k, v) -> true).header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(held.statusCode()).as(path).isEqualTo(304);
        assertThat(held.body()).as(path).isEmpty();
        HttpResponse<byte[]> older = http.send(HttpRequest.newBuilder(DemoRequests.request(demo, "GET", path, null),
                (k, v) -> true).header("If-None-Match", "\"an-older-one\"").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(older.statusCode()).as(path).isEqualTo(200);
        assertThat(older.body()).as(path).isEqualTo(first.body());
    }
}
