package io.github.mask4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.mask4j.ModelUnavailableException;
import io.github.mask4j.Recognition;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.testing.SharedData;
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

/** Finding models: model directory, cache, verified download (from a local server), clear errors. */
class ModelResolutionTest {
    private static final String V1_FILE = "mobilenet_v1_0.25_128-fp32-features.onnx";
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void serveTheSharedModelWithARedirect() throws Exception {
        byte[] model = Files.readAllBytes(SharedData.models().resolve(V1_FILE));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // like GitHub's raw URLs: a redirect to the media host, then the bytes
        server.createContext("/raw/" + V1_FILE, ex -> {
            requests.incrementAndGet();
            ex.getResponseHeaders().add("Location", "/media/" + V1_FILE);
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.createContext("/media/" + V1_FILE, ex -> {
            ex.sendResponseHeaders(200, model.length);
            ex.getResponseBody().write(model);
            ex.close();
        });
        server.createContext("/wrong/" + V1_FILE, ex -> {
            // same size, one byte changed: only the checksum can tell
            byte[] other = model.clone();
            other[other.length / 3] ^= 0x01;
            ex.sendResponseHeaders(200, other.length);
            ex.getResponseBody().write(other);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private ModelSpec.Builder v1(Path cache, Path modelDir, URI download) {
        ModelFile v1 = BuiltinModel.MOBILENET_V1_025.files().get(0);
        return ModelSpec.of(BuiltinModel.MOBILENET_V1_025).toBuilder()
                .files(List.of(new ModelFile(v1.fileName(), v1.sha256(), v1.size(), download)))
                .modelDirectory(modelDir).cacheDirectory(cache);
    }

    @Test
    void downloadsIntoTheCacheOnceAndVerifies(@TempDir Path tmp) {
        Path cache = tmp.resolve("cache");
        ModelSpec spec = v1(cache, tmp.resolve("empty-model-dir"), url("/raw/" + V1_FILE)).build();
        try (FeatureExtractor fe = FeatureExtractor.open(spec)) {
            List<Recognition> top = fe.topK(SharedData.testImage("cat.jpg"), 1);
            assertThat(top.get(0).label()).isEqualTo("Egyptian cat");
            assertThat(fe.info().file()).isEqualTo(cache.resolve(V1_FILE));
        }
        assertThat(cache.resolve(V1_FILE)).exists();
        try (FeatureExtractor again = FeatureExtractor.open(spec)) {
            assertThat(again.info().sha256()).isEqualTo(BuiltinModel.MOBILENET_V1_025.files().get(0).sha256());
        }
        assertThat(requests.get()).isEqualTo(1); // the second open used the cache
    }

    @Test
    void aDownloadWithTheWrongChecksumIsNeverUsed(@TempDir Path tmp) throws Exception {
        Path cache = tmp.resolve("cache");
        ModelSpec spec = v1(cache, tmp.resolve("empty-model-dir"), url("/wrong/" + V1_FILE)).build();
        assertThatThrownBy(() -> FeatureExtractor.open(spec)).isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("sha256").hasMessageContaining("discarded");
        assertThat(cache.resolve(V1_FILE)).doesNotExist();
        try (var left = Files.list(cache)) {
            assertThat(left).isEmpty(); // no partial file left behind
        }
    }

    @Test
    void aCorruptFileOnDiskIsNeverUsed(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("models");
        Files.createDirectories(dir);
        byte[] model = Files.readAllBytes(SharedData.models().resolve(V1_FILE));
        model[model.length / 2] ^= 0x55;
        Files.write(dir.resolve(V1_FILE), model);
        ModelSpec spec = v1(tmp.resolve("cache"), dir, null).downloadAllowed(false).build();
        assertThatThrownBy(() -> FeatureExtractor.open(spec)).isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("not used").hasMessageContaining(V1_FILE);
    }

    @Test
    void offlineWithoutTheFileSaysWhichFileToPutWhere(@TempDir Path tmp) {
        ModelSpec spec = ModelSpec.of("mobilenet_v1_025").toBuilder().cacheDirectory(tmp.resolve("cache"))
                .modelDirectory(tmp.resolve("models")).build();
        assertThatThrownBy(() -> FeatureExtractor.open(spec)).isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining(V1_FILE).hasMessageContaining(tmp.resolve("models").toString())
                .hasMessageContaining("7faf305ded40d19d797e8c81ba267cef13d18e2e32aed47294181148a23b6185");
    }

    @Test
    void unknownIdsListTheBuiltInModels() {
        assertThatThrownBy(() -> ModelSpec.of("resnet50")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mobilenet_v2_int8");
    }

    @Test
    void int8ModelOpensAndRecognises() {
        FeatureExtractor fe = SharedData.extractor(BuiltinModel.MOBILENET_V2_INT8);
        assertThat(fe.featureDimension()).isEqualTo(1280);
        // int8 kernels differ by CPU: assert membership, not values
        assertThat(fe.topK(SharedData.testImage("cat.jpg"), 3)).extracting(Recognition::label)
                .contains("Egyptian cat");
    }
}
