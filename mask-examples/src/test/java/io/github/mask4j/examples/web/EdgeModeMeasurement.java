package io.github.mask4j.examples.web;

import static io.github.mask4j.examples.web.WebDemoBrowserTest.chrome;
import static io.github.mask4j.examples.web.WebDemoBrowserTest.js;
import static io.github.mask4j.examples.web.WebDemoBrowserTest.open;
import static io.github.mask4j.examples.web.WebDemoBrowserTest.text;
import static io.github.mask4j.examples.web.WebDemoBrowserTest.tileStatus;
import static io.github.mask4j.examples.web.WebDemoBrowserTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.testing.SharedData;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * A measurement, not a test (its name keeps it out of {@code mvn test}; see docs/performance.md): the demo's JVM
 * CPU per relayed track with the page in server mode ({@code ?edge=off}: frames) and in edge mode (labels, 1 in
 * {@value #VERIFY_EVERY} with its frame), and the page's per-frame classification time in onnxruntime-web.
 * Run with {@code mvn -pl mask-examples -am test -Dtest=EdgeModeMeasurement -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmask4j.skipDefaultTests=false}; {@code -Dmask4j.measure.seconds=N} sets the measured time per mode (default 30).
 */
class EdgeModeMeasurement {
    private static final int VERIFY_EVERY = 10;
    private static final int TRACKS = 2; // the page's own camera and the stand-in participant

    @Test
    void serverCpuPerTrackAndBrowserLatency() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "needs chromium and chromedriver");
        int seconds = Integer.getInteger("mask4j.measure.seconds", 30);
        Path dir = Files.createDirectories(Path.of("target", "edge-measurement"));
        Path y4m = WebDemoBrowserTest.toY4m(SharedData.video().resolve("clips/no-mask-man-studio.mp4"),
                dir.resolve("no-mask.y4m"));
        try (WebDemo demo = WebDemo.builder(SharedData.extractor(BuiltinModel.MOBILENET_V2))
                .saveTo(dir.resolve("saved")).edge(VERIFY_EVERY).start()) {
            train(demo);
            List<String> rows = new ArrayList<>();
            for (String mode : List.of("server", "edge")) {
                WebDriver d = open(chrome(y4m), demo, "?standIn=alice" + (mode.equals("server") ? "&edge=off" : ""));
                try {
                    d.findElement(By.id("join")).click();
                    waitFor(d, 30, () -> text(d, "status").contains("local stand-in"));
                    waitFor(d, 120, () -> tileStatus(d, "alice").startsWith("classified|"));
                    assertThat(js(d, "return window.mask4jEdge.mode")).isEqualTo(mode.equals("edge") ? "edge" : "frames");
                    Thread.sleep(5000); // warm-up
                    js(d, "window.mask4jRelay.stats.edgeMs = []");
                    long frames0 = demo.relay().receivedFrames();
                    long labels0 = demo.relay().receivedLabels();
                    long cpu0 = processCpuNanos();
                    long wall0 = System.nanoTime();
                    Thread.sleep(seconds * 1000L);
                    double cpu = (processCpuNanos() - cpu0) / 1e9;
                    double wall = (System.nanoTime() - wall0) / 1e9;
                    long frames = demo.relay().receivedFrames() - frames0;
                    long labels = demo.relay().receivedLabels() - labels0;
                    List<Double> ms = new ArrayList<>();
                    ((List<?>) js(d, "return window.mask4jRelay.stats.edgeMs")).forEach(x -> ms.add(((Number) x)
                            .doubleValue()));
                    ms.sort(null);
                    String latency = ms.isEmpty() ? "-" : String.format("%.0f / %.0f ms", ms.get(ms.size() / 2),
                            ms.get(ms.size() * 9 / 10));
                    rows.add(String.format("| %s | %d | %.1f | %d | %d | %.1f%% | %s |", mode, TRACKS, wall, frames,
                            labels, 100 * cpu / wall / TRACKS, latency));
                    assertThat(frames + labels).isPositive();
                } finally {
                    d.quit();
                }
            }
            System.out.println("| mode | tracks | seconds | frames received | labels received "
                    + "| JVM CPU per track (% of one core) | page classification median / p90 |");
            System.out.println("|---|---|---|---|---|---|---|");
            rows.forEach(System.out::println);
        }
    }

    /** Adds 20 images per label from the mask data set over the API and trains. */
    private static void train(WebDemo demo) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String label : List.of("with_mask", "without_mask")) {
            try (Stream<Path> s = Files.list(SharedData.masks().resolve("train").resolve(label))) {
                for (Path p : s.sorted().limit(20).toList()) {
                    http.send(DemoRequests.request(demo, "POST", "/api/examples?label=" + label,
                            Files.readAllBytes(p)), HttpResponse.BodyHandlers.discarding());
                }
            }
        }
        http.send(DemoRequests.request(demo, "POST", "/api/train?epochs=20", null),
                HttpResponse.BodyHandlers.discarding());
        for (int i = 0; i < 1200; i++) {
            String t = http.send(DemoRequests.request(demo, "GET", "/api/train", null),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (t.contains("\"running\":false")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("training did not finish");
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
