package io.github.mask4j.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mask4j.twilio.monitor.RoomMonitor;
import io.github.mask4j.timeline.Smoothing;
import io.github.mask4j.twilio.monitor.StateChange;
import io.github.mask4j.twilio.monitor.TrackPrediction;
import io.github.mask4j.twilio.monitor.MonitorListener;
import io.github.mask4j.twilio.relay.RelayServer;
import io.github.mask4j.video.VideoEncoder;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real relay page in headless Chromium: its fake camera plays a .y4m made at test time from a masked clip's
 * frames, standing in for a subscribed Twilio track; the page sends JPEGs over the token-protected socket, the
 * JVM classifies them with MobileNet V2 and the page shows the results on the tile.
 */
class RelayChromiumTest {
    private static final Logger LOG = LoggerFactory.getLogger(RelayChromiumTest.class);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** Headless Chromium with its own profile, no background traffic, and {@code extra} arguments. */
    static ChromeOptions headless(Path profile, String... extra) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile.toAbsolutePath());
        options.addArguments(extra);
        return options;
    }

    static ChromeDriverService driverService() {
        return new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    }

    /** Skips the test when Debian's chromium and chromium-driver are not installed. */
    static void assumeChromium() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "skipped: /usr/bin/chromium and /usr/bin/chromedriver are needed (apt-get install chromium chromium-driver)");
    }

    @Test
    void pageRelaysCameraFramesAndShowsTheirClassification() throws Exception {
        assumeChromium();
        Path dir = Files.createDirectories(Path.of("target", "chromium-test"));
        Path y4m = dir.resolve("mask-woman-laptop.y4m");
        List<MaskClassifier.LabelledFrame> frames = MaskClassifier.clip("mask-woman-laptop");
        BufferedImage first = ImageIO.read(frames.get(0).file().toFile());
        try (VideoEncoder enc = VideoEncoder.y4m(y4m, first.getWidth() & ~1, first.getHeight() & ~1, 10)) {
            for (MaskClassifier.LabelledFrame f : frames) {
                BufferedImage img = ImageIO.read(f.file().toFile());
                for (int i = 0; i < 5; i++) {
                    enc.write(img);
                }
            }
        }
        Path profile = Files.createTempDirectory(dir, "profile");
        List<TrackPrediction> predictions = new CopyOnWriteArrayList<>();
        List<StateChange> changes = new CopyOnWriteArrayList<>();
        ChromeOptions options = headless(profile, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--use-file-for-fake-video-capture=" + y4m.toAbsolutePath());
        ChromeDriverService service = driverService();
        try (RoomMonitor monitor = RoomMonitor.builder().classifier(MaskClassifier.get())
                .smoothing(Smoothing.majority(3)).listener(new MonitorListener() {
                    @Override
                    public void onPrediction(TrackPrediction p) {
                        predictions.add(p);
                    }

                    @Override
                    public void onStateChange(StateChange c) {
                        changes.add(c);
                    }
                }).build();
                RelayServer relay = RelayServer.builder().monitor(monitor).build()) {
            ChromeDriver driver = new ChromeDriver(service, options);
            try {
                JavascriptExecutor js = driver;
                // a forged token: the socket is refused and nothing reaches the monitor
                driver.get(relay.pageUri("class-7b", "forged.token.value.sig") + "&identity=eve");
                String conn = "";
                for (int i = 0; i < 100 && !conn.startsWith("relay closed"); i++) {
                    Thread.sleep(100);
                    conn = (String) js.executeScript("return document.getElementById('conn').textContent");
                }
                assertThat(conn).as("socket with a forged token").startsWith("relay closed");
                assertThat((Boolean) js.executeScript("return window.relayStats.open")).isFalse();

                String token = relay.tokens().mint("class-7b", Duration.ofMinutes(5));
                driver.get(relay.pageUri("class-7b", token) + "&identity=dana&fps=4");
                long count = 0;
                for (int i = 0; i < 240 && count < 6; i++) {
                    Thread.sleep(250);
                    Object c = js.executeScript(
                            "const t = document.querySelector('.tile'); return t ? Number(t.dataset.count || 0) : 0;");
                    count = ((Number) c).longValue();
                }
                assertThat(count).as("results shown on the tile").isGreaterThanOrEqualTo(6);
                String participant = (String) js.executeScript("return document.querySelector('.tile').dataset.participant");
                String smoothed = (String) js.executeScript("return document.querySelector('.tile').dataset.smoothed");
                String status = (String) js.executeScript("return document.querySelector('.tile .status').textContent");
                long refused = ((Number) js.executeScript("return window.relayStats.refused")).longValue();
                LOG.info("page tile: {} -> {} ({} results, {} predictions in the JVM)", participant, status, count,
                        predictions.size());
                assertThat(participant).isEqualTo("dana");
                assertThat(refused).isZero();
                assertThat(predictions).allMatch(p -> p.origin().participant().equals("dana")
                        && p.origin().room().equals("class-7b") && p.origin().track().equals("camera"));
                long withMask = predictions.stream().filter(p -> p.label().equals("with_mask")).count();
                LOG.info("JVM: {}/{} relayed frames classified with_mask; state changes {}", withMask,
                        predictions.size(), changes);
                // the clip is masked throughout; whole frames through the camera pipeline, so allow some misses
                assertThat(withMask).isGreaterThanOrEqualTo((long) Math.ceil(predictions.size() * 0.7));
                assertThat(smoothed).isEqualTo(monitor.state("class-7b", "dana").orElseThrow()).isEqualTo("with_mask");
            } finally {
                driver.quit();
            }
        }
    }
}
