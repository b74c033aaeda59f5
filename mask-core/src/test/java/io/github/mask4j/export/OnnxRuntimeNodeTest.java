package io.github.mask4j.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mask4j.classification.Classification;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.image.Preprocessing;
import io.github.mask4j.model.BuiltinModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exported models run in onnxruntime-node (the npm package, installed into target/ on first use) give the labels
 * the JVM gives. Skipped, saying why, only when node or npm is not installed.
 */
class OnnxRuntimeNodeTest {
    private static final Path NODE_DIR = Path.of("target", "onnxruntime-node").toAbsolutePath();
    private static final String SCRIPT = "classify-node.mjs";

    @BeforeAll
    static void installOnnxRuntimeNode() throws Exception {
        Assumptions.assumeTrue(available("node") && available("npm"),
                "node and npm are not on the PATH: install Node.js 18+ to check exports in onnxruntime-node");
        String version = System.getProperty("mask4j.onnxruntime-node.version", "1.30.0");
        Path installed = NODE_DIR.resolve("node_modules/onnxruntime-node/package.json");
        if (!Files.exists(installed) || !Files.readString(installed).contains("\"version\": \"" + version + "\"")) {
            Files.createDirectories(NODE_DIR);
            // --ignore-scripts: the CPU binaries ship in the package; its install script only fetches GPU ones
            run(List.of("npm", "install", "--no-audit", "--no-fund", "--ignore-scripts", "--prefix",
                    NODE_DIR.toString(), "onnxruntime-node@" + version), 300);
        }
        try (InputStream in = OnnxRuntimeNodeTest.class.getResourceAsStream(SCRIPT)) {
            Files.write(NODE_DIR.resolve(SCRIPT), in.readAllBytes());
        }
    }

    static Stream<Arguments> backbonesAndHeads() {
        return Stream.concat(Stream.of(BuiltinModel.values()).map(m -> Arguments.of(m, "neural_network")),
                Stream.of(Arguments.of(BuiltinModel.MOBILENET_V1_025, "knn")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backbonesAndHeads")
    void nodeGivesTheSameLabels(BuiltinModel model, String head, @TempDir Path dir) throws Exception {
        Classifier c = ExportFixtures.trained(model, head);
        Path file = dir.resolve("masks.onnx");
        c.exportOnnx(file);
        Preprocessing p = c.extractor().preprocessing();
        List<byte[]> images = ExportFixtures.resizedTestImages(p);
        Path pixels = dir.resolve("pixels.bin");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        images.forEach(all::writeBytes);
        Files.write(pixels, all.toByteArray());

        String json = run(List.of("node", NODE_DIR.resolve(SCRIPT).toString(), file.toString(), pixels.toString(),
                Integer.toString(images.size()), Integer.toString(p.height()), Integer.toString(p.width())), 300);
        double[][] node = new ObjectMapper().readValue(json, double[][].class);
        List<Classification> java = ExportFixtures.classifyResized(c, images);

        assertThat(node.length).isEqualTo(images.size());
        int same = 0;
        double maxDiff = 0;
        for (int i = 0; i < images.size(); i++) {
            float[] probs = new float[node[i].length];
            for (int j = 0; j < probs.length; j++) {
                probs[j] = (float) node[i][j];
                maxDiff = Math.max(maxDiff, Math.abs(probs[j] - java.get(i).confidenceOf(c.labels().get(j))));
            }
            if (c.labels().get(ExportFixtures.argmax(probs)).equals(java.get(i).label())) {
                same++;
            }
        }
        System.out.printf("onnxruntime-node %s %s: same label %d/%d, max |p_node - p_java| = %.3g%n", model.id(),
                head, same, images.size(), maxDiff);
        assertThat(same).isEqualTo(images.size());
    }

    private static boolean available(String command) {
        try {
            Process p = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs a command in the install folder; returns its standard output, failing with its error output. */
    private static String run(List<String> command, int timeoutSeconds) throws Exception {
        Path err = Files.createTempFile("mask4j-node", ".err");
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command)).directory(NODE_DIR.toFile())
                    .redirectError(err.toFile()).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(command + " failed (exit " + p.exitValue() + "): " + Files.readString(err));
            }
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
