package io.github.mask4j.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.mask4j.ModelUnavailableException;
import io.github.mask4j.model.ModelFile;
import io.github.mask4j.testing.SharedData;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A face model missing from disk is downloaded (from a local mirror), checked by SHA-256 and cached. */
class FaceModelDownloadTest {
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void serve() throws Exception {
        byte[] real = Files.readAllBytes(SharedData.models().resolve("version-RFB-320.onnx"));
        byte[] other = Files.readAllBytes(SharedData.models().resolve("face_detection_yunet_2026may.onnx"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/models/", exchange -> {
            requests.incrementAndGet();
            byte[] body = exchange.getRequestURI().getPath().endsWith("/real.onnx") ? real : other;
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ModelFile mirror(String path, long size) {
        ModelFile upstream = FaceModel.ULTRAFACE_RFB_320.files().get(0);
        return new ModelFile(upstream.fileName(), upstream.sha256(), size,
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/models/" + path));
    }

    @Test
    void downloadsVerifiesAndCachesTheModel(@TempDir Path dir) {
        Path cache = dir.resolve("cache");
        FaceDetectorOptions options = FaceDetectorOptions.builder().modelDirectory(dir.resolve("empty"))
                .cacheDirectory(cache).files(List.of(mirror("real.onnx", 1_270_727))).build();
        try (FaceDetector detector = FaceDetector.open(options)) {
            assertThat(detector.modelFile()).isEqualTo(cache.resolve("version-RFB-320.onnx"));
            assertThat(detector.modelSha256()).isEqualTo(FaceModel.ULTRAFACE_RFB_320.files().get(0).sha256());
            assertThat(detector.detect(SharedData.testImage("face.jpg"))).hasSize(4);
        }
        assertThat(requests.get()).isEqualTo(1);
        // Second open: found in the cache, no request.
        try (FaceDetector again = FaceDetector.open(options)) {
            assertThat(again.detect(SharedData.testImage("grace_hopper.jpg"))).hasSize(1);
        }
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void aDownloadWithOtherBytesIsDiscarded(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("cache");
        FaceDetectorOptions options = FaceDetectorOptions.builder().modelDirectory(dir.resolve("empty"))
                .cacheDirectory(cache).files(List.of(mirror("wrong.onnx", -1))).build();
        assertThatThrownBy(() -> FaceDetector.open(options)).isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("sha256").hasMessageContaining("version-RFB-320.onnx");
        try (var files = Files.list(cache)) {
            assertThat(files).isEmpty();
        }
    }
}
