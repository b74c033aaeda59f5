package io.github.mask4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mask4j.classification.ClassifierOptions;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.testing.CraftedImages;
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
    Path faceClassifierDir;
    Run faceTrained;

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
        faceClassifierDir = tmp.resolve("face-classifier");
        faceTrained = run("train", "--faces", "--data", SharedData.masks().resolve("train").toString(), "--out",
                faceClassifierDir.toString(), "--model", MODEL, "--epochs", "8", "--seed", "3");
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
        assertThat(e.fieldNames()).toIterable().containsExactly("accuracy", "perClass", "labels", "confusion", "ece");
        assertThat(e.get("ece").asDouble()).isBetween(0.0, 0.2);
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
        assertThat(ImageIO.read(plots.resolve("calibration.png").toFile()).getWidth()).isEqualTo(600);

        Run table = run("eval", "--classifier", classifierDir.toString(), "--data",
                SharedData.masks().resolve("test").toString(), "--model", MODEL);
        assertThat(table.out()).contains("precision").contains("confusion (rows = true, columns = predicted)")
                .contains("expected calibration error");
    }

    @Test
    void evalBySourceTrainsWithoutEachSourceAndReportsIt() throws Exception {
        // four images of each of the five sources: small enough for a test, every label in two or more sources
        List<String> rows = Files.readAllLines(SharedData.masks().resolve("manifest.csv"));
        java.util.Map<String, Integer> taken = new java.util.HashMap<>();
        List<String> subset = new ArrayList<>(List.of(rows.get(0)));
        for (String row : rows.subList(1, rows.size())) {
            String portion = row.split(",")[3];
            if (taken.merge(portion, 1, Integer::sum) <= 4) {
                subset.add(row);
            }
        }
        Path manifest = tmp.resolve("subset.csv");
        Files.write(manifest, subset);
        Path plots = tmp.resolve("by-source-plots");
        Run r = run("eval", "--by-source", "--data", SharedData.masks().toString(), "--manifest",
                manifest.toString(), "--model", MODEL, "--epochs", "5", "--augment", "1", "--json", "--plots",
                plots.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode e = r.jsonLines().get(0);
        assertThat(e.fieldNames()).toIterable().containsExactly("perSource", "meanAccuracy", "worstAccuracy", "ece");
        assertThat(e.get("perSource").fieldNames()).toIterable()
                .containsExactly("cd-facecrop", "cd-rmfd", "cd-web", "praj-pair", "praj-real");
        double sum = 0;
        for (JsonNode s : e.get("perSource")) {
            assertThat(s.get("images").asInt()).isEqualTo(4);
            assertThat(s.get("trainingImages").asInt()).isEqualTo(16);
            sum += s.get("accuracy").asDouble();
        }
        assertThat(e.get("meanAccuracy").asDouble()).isCloseTo(sum / 5, org.assertj.core.api.Assertions.within(1e-3));
        assertThat(e.get("meanAccuracy").asDouble()).isGreaterThan(0.5);
        assertThat(r.err()).contains("embedding augmented").contains("20 images from 5 sources");
        assertThat(ImageIO.read(plots.resolve("calibration.png").toFile())).isNotNull();

        Run missing = run("eval", "--by-source", "--data", SharedData.masks().toString(), "--model", MODEL);
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("--manifest");
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
            assertThat(l.fieldNames()).toIterable().containsExactly("source", "label", "confidence", "unsure",
                    "predictions");
            assertThat(l.get("unsure").asBoolean()).isEqualTo(l.get("confidence").asDouble() < 0.65);
            assertThat(l.get("predictions")).hasSize(2);
            right += l.get("label").asText().equals("without_mask") ? 1 : 0;
        }
        assertThat(right).isGreaterThan(images * 8 / 10);
    }

    /** Inputs a folder walk gives, in the order classify prints them. */
    private static List<Path> imageFiles(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(ImageInput::hasImageExtension).sorted().toList();
        }
    }

    @Test
    void classifyGivesAResultOrAnErrorLineForEveryInputInOrder() throws Exception {
        Path data = CraftedImages.mixedDataSet(tmp.resolve("mixed-classify"), 3);
        Path missing = tmp.resolve("missing.jpg");
        Run r = run("classify", "--classifier", classifierDir.toString(), "--model", MODEL, data.toString(),
                missing.toString());
        System.out.println("classify on a mixed folder (exit " + r.exit() + "):\n" + r.out() + r.err());
        assertThat(r.exit()).as(r.err()).isEqualTo(Mask4jCli.EXIT_SOME_FAILED);
        List<Path> expected = new ArrayList<>(imageFiles(data));
        expected.add(missing);
        assertThat(expected).hasSize(10);
        List<JsonNode> lines = r.jsonLines();
        assertThat(lines).hasSize(expected.size());
        List<String> bad = List.of("aa-truncated.jpg", "notes.png", "zz-bomb.png", "missing.jpg");
        for (int i = 0; i < lines.size(); i++) {
            JsonNode l = lines.get(i);
            assertThat(l.get("source").asText()).isEqualTo(expected.get(i).toString());
            String name = expected.get(i).getFileName().toString();
            if (bad.contains(name)) {
                assertThat(l.fieldNames()).toIterable().containsExactly("source", "error");
                assertThat(l.get("error").fieldNames()).toIterable().containsExactly("type", "message");
                assertThat(l.get("error").get("type").asText()).isEqualTo(
                        name.equals("zz-bomb.png") ? "ImageTooLargeException" : "InvalidImageException");
                assertThat(l.get("error").get("message").asText()).contains(name);
            } else {
                assertThat(l.fieldNames()).toIterable().containsExactly("source", "label", "confidence", "unsure",
                        "predictions");
                assertThat(l.get("unsure").asBoolean())
                        .isEqualTo(l.get("confidence").asDouble() < ClassifierOptions.DEFAULT_NOT_SURE_BELOW);
            }
        }
        assertThat(r.err()).contains("4 of 10 images could not be read");
    }

    @Test
    void trainOnLargeFeaturesFitsTheLinearHeadWithoutEpochsOrLossChart() throws Exception {
        Path out = tmp.resolve("linear-classifier");
        Files.createDirectories(out);
        Files.writeString(out.resolve("loss.png"), "curves of an earlier model");
        Run r = run("train", "--data", SharedData.masks().resolve("train").toString(), "--out", out.toString(),
                "--model", "mobilenet_v2", "--augment", "0", "--seed", "3");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("training: linear head (no epochs)").doesNotContain("epoch   1/")
                .contains("no loss.png: no epochs (linear head)").contains("saved classifier to");
        assertThat(out.resolve("loss.png")).as("the earlier model's curves are gone").doesNotExist();
        assertThat(JSON.readTree(out.resolve("model.json").toFile()).at("/head/type").asText()).isEqualTo("linear");
    }

    @Test
    void trainAndEvalSkipUnreadableImagesUnlessStrict() throws Exception {
        Path data = CraftedImages.mixedDataSet(tmp.resolve("mixed-train"), 12);
        Path out = tmp.resolve("mixed-classifier");
        Run r = run("train", "--data", data.toString(), "--out", out.toString(), "--model", MODEL, "--epochs", "3",
                "--validation", "0");
        System.out.println("train on a mixed folder (exit " + r.exit() + "):\n" + r.out() + r.err());
        assertThat(r.exit()).as(r.err()).isEqualTo(Mask4jCli.EXIT_SOME_FAILED);
        assertThat(r.err().lines().filter(l -> l.startsWith("warning: skipped "))).hasSize(3);
        assertThat(r.err()).contains("skipped 3 of 27 images");
        assertThat(r.out()).contains("24 images, labels {with_mask=12, without_mask=12}");
        assertThat(out.resolve("model.json")).isRegularFile();

        Path strictOut = tmp.resolve("strict-classifier");
        Run strict = run("train", "--strict", "--data", data.toString(), "--out", strictOut.toString(), "--model",
                MODEL, "--epochs", "3");
        assertThat(strict.exit()).isEqualTo(Mask4jCli.EXIT_SOME_FAILED);
        assertThat(strict.err()).contains("error: ").contains("aa-truncated.jpg").contains("stopped by --strict");
        assertThat(strictOut.resolve("model.json")).doesNotExist();

        Run eval = run("eval", "--classifier", out.toString(), "--data", data.toString(), "--json", "--model", MODEL);
        assertThat(eval.exit()).as(eval.err()).isEqualTo(Mask4jCli.EXIT_SOME_FAILED);
        assertThat(eval.err()).contains("skipped 3 of 27 images");
        int total = 0;
        for (JsonNode row : eval.jsonLines().get(0).get("confusion")) {
            for (JsonNode v : row) {
                total += v.asInt();
            }
        }
        assertThat(total).isEqualTo(24);
        Run evalStrict = run("eval", "--strict", "--classifier", out.toString(), "--data", data.toString(),
                "--model", MODEL);
        assertThat(evalStrict.exit()).isEqualTo(Mask4jCli.EXIT_SOME_FAILED);
        assertThat(evalStrict.out()).isEmpty();

        assertThat(run("classify", "--no-such-option").exit()).isEqualTo(Mask4jCli.EXIT_USAGE);
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
    void exportWritesOneOnnxFileThatTheDjlExampleRunsWithTheSameLabels() throws Exception {
        Path file = tmp.resolve("export").resolve("masks.onnx");
        Run r = run("export", "--classifier", classifierDir.toString(), "--model", MODEL, "--out", file.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote " + file).contains("neural_network classification over " + MODEL)
                .contains("input  'image' uint8 [N, 128, 128, 3] RGB")
                .contains("labels [\"with_mask\",\"without_mask\"]");
        assertThat(file).isRegularFile();

        Path folder = SharedData.masks().resolve("test").resolve("with_mask");
        List<Path> images;
        try (var files = Files.list(folder)) {
            images = files.sorted().limit(12).toList();
        }
        List<ai.djl.modality.Classifications> djl =
                io.github.mask4j.examples.djl.DjlClassifyExample.classify(file, images);
        List<String> args = new ArrayList<>(List.of("classify", "--classifier", classifierDir.toString(), "--model",
                MODEL));
        images.forEach(i -> args.add(i.toString()));
        List<JsonNode> jvm = run(args.toArray(String[]::new)).jsonLines();
        int same = 0;
        for (int i = 0; i < images.size(); i++) {
            same += djl.get(i).best().getClassName().equals(jvm.get(i).get("label").asText()) ? 1 : 0;
        }
        // the exported model sees the resize rounded to uint8, the JVM the float resize: labels still agree
        assertThat(same).isEqualTo(images.size());

        Run bad = run("export", "--classifier", tmp.resolve("nope").toString(), "--model", MODEL, "--out",
                tmp.resolve("x.onnx").toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("error: ").contains("model.json");
        assertThat(tmp.resolve("x.onnx")).doesNotExist();
    }

    @Test
    void everyCommandHasHelp() {
        for (String c : List.of("train", "eval", "classify", "export", "video", "demo", "serve")) {
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
        Run pretrainedAlone = run("classify", "--pretrained", tmp.toString());
        assertThat(pretrainedAlone.exit()).isEqualTo(2);
        assertThat(pretrainedAlone.err()).startsWith("error: ").contains("--pretrained needs --faces");
        Run noClassifier = run("video", "--faces", tmp.toString());
        assertThat(noClassifier.exit()).isEqualTo(2);
        assertThat(noClassifier.err()).contains("--classifier DIR is required");
        Run badModel = run("classify", "--faces", "--face-model", "blazeface", "--classifier",
                faceClassifierDir.toString(), "--model", MODEL, SharedData.testImage("cat.jpg").toString());
        assertThat(badModel.exit()).isEqualTo(2);
        assertThat(badModel.err()).contains("unknown --face-model 'blazeface'");
    }

    @Test
    void trainFacesCropsToFacesAndRecordsIt() throws Exception {
        assertThat(faceTrained.exit()).as(faceTrained.err()).isZero();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("faces \\(ultraface_rfb_320\\): (\\d+) of 300 images cropped to their largest face, (\\d+) "
                        + "used whole").matcher(faceTrained.out());
        assertThat(m.find()).as(faceTrained.out()).isTrue();
        int found = Integer.parseInt(m.group(1));
        assertThat(found + Integer.parseInt(m.group(2))).isEqualTo(300);
        assertThat(found).isGreaterThan(250);
        assertThat(faceTrained.err()).contains("finding faces");
        JsonNode notes = JSON.readTree(faceClassifierDir.resolve("mask4j-cli.json").toFile());
        assertThat(notes.get("faces").asBoolean()).isTrue();
        assertThat(notes.get("faceModel").asText()).isEqualTo("ultraface_rfb_320");
        assertThat(notes.get("facesFound").asInt()).isEqualTo(found);
        assertThat(notes.get("wholeImages")).hasSize(300 - found);
        assertThat(JSON.readTree(classifierDir.resolve("mask4j-cli.json").toFile()).get("faces").asBoolean()).isFalse();
        try (var files = Files.list(faceClassifierDir)) {
            assertThat(files.filter(f -> f.toString().endsWith(".part"))).isEmpty();
        }
    }

    @Test
    void classifyFacesAddsEveryFaceWithBoxAndLabel() throws Exception {
        Run r = run("classify", "--faces", "--classifier", faceClassifierDir.toString(), "--model", MODEL,
                SharedData.testImage("face.jpg").toString(), SharedData.testImage("grace_hopper.jpg").toString(),
                SharedData.testImage("cat.jpg").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<JsonNode> lines = r.jsonLines();
        assertThat(lines).hasSize(3);
        int[] expected = {4, 1, 0};
        for (int i = 0; i < 3; i++) {
            JsonNode l = lines.get(i);
            assertThat(l.fieldNames()).toIterable()
                    .containsExactly("source", "label", "confidence", "unsure", "predictions", "faces");
            assertThat(l.get("faces")).as(l.get("source").asText()).hasSize(expected[i]);
            for (JsonNode f : l.get("faces")) {
                assertThat(f.fieldNames()).toIterable().containsExactly("box", "score", "label", "confidence");
                assertThat(f.get("box")).hasSize(4);
                assertThat(f.get("box").get(2).asDouble()).isPositive();
                assertThat(f.get("score").asDouble()).isBetween(0.7, 1.0);
                assertThat(f.get("label").asText()).isIn("with_mask", "without_mask");
                assertThat(f.get("confidence").asDouble()).isBetween(0.5, 1.0);
            }
        }
        // grace_hopper.jpg: one bare face, labelled so
        assertThat(lines.get(1).get("faces").get(0).get("label").asText()).isEqualTo("without_mask");
        // a classifier trained on whole images still works, with a note
        Run whole = run("classify", "--faces", "--classifier", classifierDir.toString(), "--model", MODEL,
                SharedData.testImage("grace_hopper.jpg").toString());
        assertThat(whole.exit()).as(whole.err()).isZero();
        assertThat(whole.err()).contains("trained on whole images");
    }

    @Test
    void classifyFacesAgreesWithTheClipFramesLabels() throws Exception {
        Path frames = SharedData.video().resolve("frames");
        Run r = run("classify", "--faces", "--classifier", faceClassifierDir.toString(), "--model", MODEL,
                frames.resolve("mask-man-indoor").toString(), frames.resolve("no-mask-man-outdoor").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        int judged = 0;
        int right = 0;
        for (JsonNode l : r.jsonLines()) {
            String expected = l.get("source").asText().contains("no-mask") ? "without_mask" : "with_mask";
            JsonNode largest = null;
            for (JsonNode f : l.get("faces")) {
                if (largest == null || area(f) > area(largest)) {
                    largest = f;
                }
            }
            judged++;
            right += largest != null && largest.get("label").asText().equals(expected) ? 1 : 0;
        }
        assertThat(judged).isEqualTo(36);
        assertThat(right).as("frames whose largest face has the clip's label").isGreaterThanOrEqualTo(33);
    }

    private static double area(JsonNode face) {
        return face.get("box").get(2).asDouble() * face.get("box").get(3).asDouble();
    }

    @Test
    void classifyFacesPretrainedNeedsNoClassifierAndYunetGivesLandmarks() throws Exception {
        Run r = run("classify", "--faces", "--pretrained", SharedData.testImage("face.jpg").toString(),
                SharedData.testImage("cat.jpg").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<JsonNode> lines = r.jsonLines();
        assertThat(lines.get(0).get("faces")).hasSize(4);
        for (JsonNode f : lines.get(0).get("faces")) {
            assertThat(f.get("label").asText()).isEqualTo("without_mask");
        }
        assertThat(lines.get(0).get("label").asText()).isEqualTo("without_mask");
        assertThat(lines.get(1).get("label").asText()).isEqualTo("no_face");
        assertThat(lines.get(1).get("faces")).isEmpty();

        Run yunet = run("classify", "--faces", "--face-model", "yunet", "--classifier", faceClassifierDir.toString(),
                "--model", MODEL, SharedData.testImage("grace_hopper.jpg").toString());
        assertThat(yunet.exit()).as(yunet.err()).isZero();
        JsonNode face = yunet.jsonLines().get(0).get("faces").get(0);
        assertThat(face.get("landmarks")).hasSize(5);
        assertThat(yunet.jsonLines().get(0).get("faces")).hasSize(1);
    }

    @Test
    void videoFacesTracksTheFaceAndSmoothsItsLabel() throws Exception {
        Path clip = SharedData.video().resolve("clips").resolve("putting-on-mask-a.mp4");
        Run r = run("video", "--faces", "--classifier", faceClassifierDir.toString(), "--model", MODEL, "--fps", "2",
                clip.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<JsonNode> lines = r.jsonLines();
        JsonNode summary = lines.get(lines.size() - 1).get("summary");
        List<JsonNode> frames = lines.subList(0, lines.size() - 1);
        assertThat(frames).hasSizeGreaterThanOrEqualTo(15);
        java.util.Map<Integer, Integer> ids = new java.util.HashMap<>();
        for (JsonNode f : frames) {
            assertThat(f.fieldNames()).toIterable()
                    .containsExactly("timestampMs", "source", "label", "confidence", "unsure", "predictions",
                            "faces");
            for (JsonNode face : f.get("faces")) {
                assertThat(face.fieldNames()).toIterable().containsExactly("id", "box", "score", "label",
                        "confidence", "frameLabel", "frameConfidence");
                ids.merge(face.get("id").asInt(), 1, Integer::sum);
            }
        }
        // one person: one track holds (nearly) every frame
        int main = ids.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
        assertThat(ids.get(main)).isGreaterThanOrEqualTo(frames.size() - 2);
        assertThat(summary.get("frames").asInt()).isEqualTo(frames.size());
        assertThat(summary.get("intervals")).isNotEmpty();
        JsonNode track = null;
        for (JsonNode t : summary.get("faces")) {
            if (t.get("id").asInt() == main) {
                track = t;
            }
        }
        assertThat(track).isNotNull();
        assertThat(track.get("frames").asInt()).isEqualTo(ids.get(main));
        // she puts her mask on: the track's smoothed label ends with_mask
        assertThat(track.get("label").asText()).isEqualTo("with_mask");
        JsonNode last = track.get("intervals").get(track.get("intervals").size() - 1);
        assertThat(last.get("label").asText()).isEqualTo("with_mask");
        assertThat(last.get("frames").asInt()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void videoFacesPretrainedLabelsFramesByTheLargestFacesSmoothedLabel() throws Exception {
        Path clip = SharedData.video().resolve("clips").resolve("mask-man-indoor.mp4");
        Run r = run("video", "--faces", "--pretrained", "--fps", "1", clip.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<JsonNode> lines = r.jsonLines();
        List<JsonNode> frames = lines.subList(0, lines.size() - 1);
        assertThat(frames).hasSizeGreaterThanOrEqualTo(9);
        int masked = 0;
        for (JsonNode f : frames) {
            if (f.get("faces").isEmpty()) {
                assertThat(f.get("label").asText()).isEqualTo("no_face");
                continue;
            }
            JsonNode largest = null;
            for (JsonNode face : f.get("faces")) {
                if (largest == null || area(face) > area(largest)) {
                    largest = face;
                }
            }
            assertThat(f.get("label").asText()).isEqualTo(largest.get("label").asText());
            masked += f.get("label").asText().equals("with_mask") ? 1 : 0;
        }
        // a masked man throughout: the zero-training detector calls most frames with_mask
        assertThat(masked).isGreaterThanOrEqualTo(frames.size() * 8 / 10);
    }
}
