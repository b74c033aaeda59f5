package io.github.mask4j.examples.web;

import static io.github.mask4j.examples.web.WebDemoBrowserTest.addExamples;
import static io.github.mask4j.examples.web.WebDemoBrowserTest.chrome;
import static io.github.mask4j.examples.web.WebDemoBrowserTest.js;
import static io.github.mask4j.examples.web.WebDemoBrowserTest.open;
import static io.github.mask4j.examples.web.WebDemoBrowserTest.text;
import static io.github.mask4j.examples.web.WebDemoBrowserTest.tileStatus;
import static io.github.mask4j.examples.web.WebDemoBrowserTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Edge mode in headless Chromium, the fake camera playing the sample clips: the page runs the demo's classifier
 * exported to ONNX in the bundled onnxruntime-web and sends labels; 1 frame in {@value #VERIFY_EVERY} also goes
 * with its label and the server checks it. Falls back to frames without a model or without WebAssembly.
 */
class WebDemoEdgeBrowserTest {
    private static final int VERIFY_EVERY = 2;
    private static final int CHECKS = 24;

    static WebDemo demo;
    static Path noMaskY4m;
    static Path maskY4m;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium"))
                && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
                "headless browser test skipped: needs Debian's chromium and chromium-driver");
        Path dir = Files.createDirectories(Path.of("target", "edge-browser-test"));
        noMaskY4m = WebDemoBrowserTest.toY4m(SharedData.video().resolve("clips/no-mask-man-studio.mp4"),
                dir.resolve("no-mask.y4m"));
        maskY4m = WebDemoBrowserTest.toY4m(SharedData.video().resolve("clips/mask-woman-laptop.mp4"),
                dir.resolve("mask.y4m"));
        demo = WebDemo.builder(SharedData.extractor(BuiltinModel.MOBILENET_V2)).saveTo(dir.resolve("saved"))
                .edge(VERIFY_EVERY).start();
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    static String edgeMode(WebDriver d) {
        return (String) js(d, "return window.mask4jEdge.mode + '|' + (window.mask4jEdge.reason || '')");
    }

    static void join(WebDriver d) {
        d.findElement(By.id("join")).click();
        waitFor(d, 30, () -> text(d, "status").contains("local stand-in"));
    }

    /** Checked frames and agreeing ones, over all tracks. */
    static long[] checks() {
        Collection<ParticipantStatusBoard.Check> all = demo.participants().checks().values();
        return new long[] {all.stream().mapToLong(ParticipantStatusBoard.Check::verified).sum(),
                all.stream().mapToLong(ParticipantStatusBoard.Check::agreed).sum()};
    }

    @Test
    void edgeLabelsAgreeWithTheServerAndThePageFallsBackToFrames() throws Exception {
        WebDriver d = open(chrome(noMaskY4m), demo, "?standIn=alice");
        try {
            addExamples(d, "without_mask");
        } finally {
            d.quit();
        }

        WebDriver m = open(chrome(maskY4m), demo, "?standIn=alice");
        try {
            addExamples(m, "with_mask");
            // no model yet (not trained): the page says why and sends frames; the tiles show the server's answer
            join(m);
            waitFor(m, 60, () -> edgeMode(m).startsWith("frames|edge mode unavailable"));
            waitFor(m, 30, () -> tileStatus(m, "alice").startsWith("not_trained|"));
            assertThat(text(m, "edge-status")).contains("classified in the JVM");
            assertThat(((Number) js(m, "return window.mask4jRelay.stats.sent")).longValue()).isPositive();
            assertThat(((Number) js(m, "return window.mask4jRelay.stats.labels")).longValue()).isZero();
            // once trained, the page loads the new model and switches to edge mode on its own
            m.findElement(By.id("epochs")).clear();
            m.findElement(By.id("epochs")).sendKeys("15");
            m.findElement(By.id("train")).click();
            waitFor(m, 90, () -> text(m, "loss-log").contains("done:"));
            waitFor(m, 90, () -> edgeMode(m).equals("edge|"));
            long frames0 = demo.relay().receivedFrames();
            long labels0 = demo.relay().receivedLabels();
            assertThat(text(m, "edge-status")).contains("edge mode").contains("with_mask");
            waitFor(m, 60, () -> tileStatus(m, "alice").startsWith("classified|with_mask|"));
            waitFor(m, 90, () -> checks()[0] >= CHECKS);
            long[] c = checks();
            double agreement = (double) c[1] / c[0];
            Map<?, ?> stats = (Map<?, ?>) js(m, "return window.mask4jRelay.stats");
            List<Double> ms = new ArrayList<>();
            ((List<?>) stats.get("edgeMs")).forEach(x -> ms.add(((Number) x).doubleValue()));
            ms.sort(null);
            System.out.printf("edge mode: %d of %d checked frames agree (%.1f%%); page classification %d frames, "
                    + "median %.1f ms, p90 %.1f ms (onnxruntime-web wasm, headless Chromium)%n", c[1], c[0],
                    100 * agreement, ms.size(), ms.get(ms.size() / 2), ms.get(ms.size() * 9 / 10));
            assertThat(agreement).as("edge labels agree with the server's").isGreaterThanOrEqualTo(0.98);
            // labels went alone, 1 in VERIFY_EVERY with its frame; nothing refused, nobody flagged
            assertThat(((Number) stats.get("labels")).longValue()).isGreaterThan(
                    ((Number) stats.get("verifySent")).longValue());
            assertThat(((Number) stats.get("verifySent")).longValue()).isPositive();
            assertThat(((Number) stats.get("refused")).longValue()).isZero();
            assertThat(stats.get("fallback")).isNull();
            assertThat(demo.relay().receivedLabels() - labels0).isGreaterThan(demo.relay().receivedFrames() - frames0);
            assertThat(demo.participants().checks().values()).noneMatch(ParticipantStatusBoard.Check::flagged);
            // the tiles and the events: smoothed from the page's labels
            assertThat(tileStatus(m, "alice")).matches("classified\\|with_mask\\|with_mask \\d+%");
            assertThat(demo.monitor().state("mask4j", "alice")).contains("with_mask");
            waitFor(m, 30, () -> ((String) js(m, "const t = document.querySelector('.tile[data-identity=\"alice\"]"
                    + " .check'); return t ? t.textContent : ''")).startsWith("checked: "));
        } finally {
            m.quit();
        }

        // edge mode on the other clip: the state follows the page's labels to without_mask
        WebDriver n = open(chrome(noMaskY4m), demo, "?standIn=bob");
        try {
            join(n);
            waitFor(n, 90, () -> edgeMode(n).equals("edge|"));
            waitFor(n, 60, () -> tileStatus(n, "bob").startsWith("classified|without_mask|"));
            assertThat(demo.monitor().state("mask4j", "bob")).contains("without_mask");
        } finally {
            n.quit();
        }

        // without WebAssembly the page sends frames, and the server classifies them
        ChromeDriver w = chrome(noMaskY4m);
        try {
            w.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", "delete window.WebAssembly;"));
            open(w, demo, "?standIn=carol");
            join(w);
            waitFor(w, 60, () -> edgeMode(w).equals("frames|edge mode unavailable: this browser has no WebAssembly"));
            waitFor(w, 60, () -> tileStatus(w, "carol").startsWith("classified|without_mask|"));
            assertThat(((Number) js(w, "return window.mask4jRelay.stats.labels")).longValue()).isZero();
            assertThat(((Number) js(w, "return window.mask4jRelay.stats.results")).longValue()).isPositive();
        } finally {
            w.quit();
        }
    }
}
