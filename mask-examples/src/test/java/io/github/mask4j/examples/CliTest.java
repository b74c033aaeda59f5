package io.github.mask4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mask4j.testing.SharedData;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs the real commands in-process on the real data set (small model to keep it quick). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "mobilenet_v1_025";

    @TempDir
    static Path tmp;
    Path classifierDir;
    Run trained;

    record Run(int exit, String out, String err) {
        List<JsonNode> jsonLines() throws Exception {
            List<JsonNode> nodes = new ArrayList<>();
            for (String l : out.split("\n")) {
                if (!l.isBlank()) {
                    nodes.add(JSON.readTree(l));
                }
            }
            return nodes;
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Mask4jCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @BeforeAll
    void train() {
        classifierDir = tmp.resolve("classifier");
        trained = run("train", "--data", SharedData.masks().resolve("train").toString(), "--out",
                classifierDir.toString(), "--model", MODEL, "--epochs", "8", "--seed", "3");
    }

    @Test
    void trainPrintsEpochsSavesAndPlots() throws Exception {
        assertThat(trained.exit()).as(trained.err()).isZero();
        assertThat(trained.out()).contains("300 images").contains("epoch   1/8").contains("epoch   8/8")
                .contains("val_loss").contains("saved classifier to");
        assertThat(classifierDir.resolve("model.json")).isRegularFile();
        BufferedImage png = ImageIO.read(classifierDir.resolve("loss.png").toFile());
        assertThat(png.getWidth()).isEqualTo(800);
        assertThat(trained.err()).contains("embedding images").contains("100%");
    }

    @Test
    void evalJsonHasTheDocumentedKeysAndPlotsTheConfusionMatrix() throws Exception {
        Path plots = tmp.resolve("plots");
        Run r = run("eval", "--classifier", classifierDir.toString(), "--data",
                SharedData.masks().resolve("test").toString(), "--json", "--plots", plots.toString(), "--model", MODEL);
        assertThat(r.exit()).as(r.err()).isZero();
        List<JsonNode> lines = r.jsonLines();
        assertThat(lines).hasSize(1);
        JsonNode e = lines.get(0);
        assertThat(e.fieldNames()).toIterable().containsExactly("accuracy", "perClass", "labels", "confusion");
        assertThat(e.get("accuracy").asDouble()).isGreaterThan(0.85);
        assertThat(e.get("labels")).extracting(JsonNode::asText).containsExactly("with_mask", "without_mask");
        JsonNode with = e.get("perClass").get("with_mask");
        assertThat(with.fieldNames()).toIterable().containsExactly("precision", "recall", "f1", "support");
        assertThat(with.get("support").asInt()).isEqualTo(60);
        int total = 0;
        for (JsonNode row : e.get("confusion")) {
            for (JsonNode v : row) {
                total += v.asInt();
            }
        }
        assertThat(total).isEqualTo(120);
        assertThat(ImageIO.read(plots.resolve("confusion.png").toFile())).isNotNull();

        Run table = run("eval", "--classifier", classifierDir.toString(), "--data",
                SharedData.masks().resolve("test").toString(), "--model", MODEL);
        assertThat(table.out()).contains("precision").contains("confusion (rows = true, columns = predicted)");
    }

    @Test
    void classifyPrintsOneJsonLinePerImage() throws Exception {
        Path folder = SharedData.masks().resolve("test").resolve("without_mask");
        long images = Files.list(folder).count();
        Run r = run("classify", "--classifier", classifierDir.toString(), "--model", MODEL, folder.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<JsonNode> lines = r.jsonLines();
        assertThat(lines).hasSize((int) images);
        long right = 0;
        for (JsonNode l : lines) {
            assertThat(l.fieldNames()).toIterable().containsExactly("source", "label", "confidence", "predictions");
            assertThat(l.get("predictions")).hasSize(2);
            right += l.get("label").asText().equals("without_mask") ? 1 : 0;
        }
        assertThat(right).isGreaterThan(images * 8 / 10);
    }

    @Test
    void videoPrintsFramesThenIntervals() throws Exception {
        Path clip = SharedData.video().resolve("clips").resolve("no-mask-man-studio.mp4");
        Run r = run("video", "--classifier", classifierDir.toString(), "--model", MODEL, "--fps", "1", "--crop",
                "0.6", clip.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<JsonNode> lines = r.jsonLines();
        JsonNode summary = lines.get(lines.size() - 1).get("summary");
        List<JsonNode> frames = lines.subList(0, lines.size() - 1);
        assertThat(frames).hasSizeBetween(7, 9);
        long prev = -1;
        for (JsonNode f : frames) {
            assertThat(f.get("timestampMs").asLong()).isGreaterThan(prev);
            prev = f.get("timestampMs").asLong();
            assertThat(f.has("label")).isTrue();
        }
        assertThat(summary.get("frames").asInt()).isEqualTo(frames.size());
        int inIntervals = 0;
        for (JsonNode i : summary.get("intervals")) {
            inIntervals += i.get("frames").asInt();
            assertThat(i.get("endMs").asLong()).isGreaterThanOrEqualTo(i.get("startMs").asLong());
        }
        assertThat(inIntervals).isEqualTo(frames.size());
    }

    @Test
    void demoTrainsEvaluatesAndReportsOnTheClips() throws Exception {
        Path out = tmp.resolve("demo");
        Run r = run("demo", "--data", SharedData.masks().toString(), "--clips",
                SharedData.video().resolve("clips").toString(), "--out", out.toString(), "--model", MODEL,
                "--epochs", "8", "--fps", "1");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("300 training and 120 test images").contains("epoch   8/8")
                .contains("test split: accuracy").contains("putting-on-mask-b.mp4").contains("done in");
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("clips whose majority label matches their name: (\\d+) of 4").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isGreaterThanOrEqualTo(3);
        assertThat(r.out()).containsPattern("frames agreeing with the hand labels .*: \\d+ of \\d+");
        assertThat(out.resolve("loss.png")).isRegularFile();
        assertThat(out.resolve("confusion.png")).isRegularFile();
        assertThat(out.resolve("model.json")).isRegularFile();
    }

    @Test
    void everyCommandHasHelp() {
        for (String c : List.of("train", "eval", "classify", "video", "demo", "serve")) {
            Run r = run(c, "--help");
            assertThat(r.exit()).isZero();
            assertThat(r.out()).as(c).contains("Usage: mask4j " + c).contains("--help");
        }
        assertThat(run("--help").out()).contains("train").contains("demo").contains("serve");
    }

    @Test
    void badInputGivesAOneLineError() {
        Run r = run("train", "--data", tmp.resolve("nope").toString(), "--out", tmp.resolve("o").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ").contains("nope").contains("does not exist");
        Run faces = run("classify", "--classifier", classifierDir.toString(), "--faces", tmp.toString());
        assertThat(faces.exit()).isEqualTo(2);
        assertThat(faces.err()).contains("face detection module");
    }
}
