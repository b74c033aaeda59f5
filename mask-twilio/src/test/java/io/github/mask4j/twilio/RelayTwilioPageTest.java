package io.github.mask4j.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mask4j.twilio.monitor.MonitorListener;
import io.github.mask4j.twilio.monitor.RoomMonitor;
import io.github.mask4j.timeline.Smoothing;
import io.github.mask4j.twilio.monitor.TrackPrediction;
import io.github.mask4j.twilio.relay.RelayServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay page's Twilio mode in headless Chromium, with a scripted stand-in for twilio-video.js
 * ({@code fake-twilio-video.js}, injected before the page's scripts) whose remote tracks show real sample frames: two
 * video tracks of one participant classified separately, no frames while a track is switched off or disabled, a
 * logged, backed-off rejoin after an unexpected disconnect (none after a final one), and leaving the room once only
 * monitors are left.
 */
class RelayTwilioPageTest {
    private static final Logger LOG = LoggerFactory.getLogger(RelayTwilioPageTest.class);

    private static String dataUrl(Path jpeg) throws Exception {
        return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(jpeg));
    }

    private static void waitFor(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static long count(List<TrackPrediction> predictions, String track) {
        return predictions.stream().filter(p -> p.origin().track().equals(track)).count();
    }

    @Test
    void monitorPageFollowsTheRoomAsTwilioVideoReportsIt() throws Exception {
        RelayChromiumTest.assumeChromium();
        String fake;
        try (InputStream in = getClass().getResourceAsStream("fake-twilio-video.js")) {
            fake = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String masked = dataUrl(MaskClassifier.clip("mask-woman-laptop").get(0).file());
        String unmasked = dataUrl(MaskClassifier.clip("no-mask-man-studio").get(0).file());
        Path dir = Files.createDirectories(Path.of("target", "chromium-twilio-test"));
        Path profile = Files.createTempDirectory(dir, "profile");
        ChromeOptions options = RelayChromiumTest.headless(profile, "--autoplay-policy=no-user-gesture-required");
        ChromeDriverService service = RelayChromiumTest.driverService();
        List<TrackPrediction> predictions = new CopyOnWriteArrayList<>();
        try (RoomMonitor monitor = RoomMonitor.builder().classifier(MaskClassifier.get()).smoothing(Smoothing.majority(3))
                .listener(new MonitorListener() {
                    @Override
                    public void onPrediction(TrackPrediction p) {
                        predictions.add(p);
                    }
                }).build();
                RelayServer relay = RelayServer.builder().monitor(monitor).build()) {
            ChromeDriver driver = new ChromeDriver(service, options);
            try {
                JavascriptExecutor js = driver;
                driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", fake));
                String token = relay.tokens().mint("class-7b", Duration.ofMinutes(5));
                String page = relay.pageUri("class-7b", token) + "&mode=twilio&twilioToken=twilio-jwt&fps=4"
                        + "&emptyGrace=1&backoff=0.3";
                driver.get(page);
                waitFor("the page joins the room", 20, () -> ((Number) js.executeScript(
                        "return window.fakeTwilio.state.connects.length")).intValue() == 1);
                waitFor("relay socket open", 20, () -> Boolean.TRUE.equals(js.executeScript("return window.relayStats.open")));
                assertThat(js.executeScript("const c = window.fakeTwilio.state.connects[0];"
                        + " return [c.token, c.options.name, c.options.audio, c.options.video].join('|')"))
                        .isEqualTo("twilio-jwt|class-7b|false|false");

                // alice shares her camera (masked) and a screen (an unmasked face); another monitor is present too
                js.executeScript("fakeTwilio.image('masked', arguments[0]); fakeTwilio.image('unmasked', arguments[1]);"
                        + " fakeTwilio.join('mask4j-monitor-other'); fakeTwilio.join('alice');"
                        + " fakeTwilio.publish('alice', 'camera', 'masked'); fakeTwilio.publish('alice', 'screen', 'unmasked');",
                        masked, unmasked);
                waitFor("frames of both tracks classified", 60, () -> count(predictions, "camera") >= 4
                        && count(predictions, "screen") >= 4);
                assertThat(js.executeScript("return Array.from(document.querySelectorAll('.tile'))"
                        + ".map(t => t.dataset.participant + '/' + t.dataset.track).sort().join(',')"))
                        .isEqualTo("alice/camera,alice/screen");
                waitFor("camera with_mask, screen without_mask", 30, () ->
                        monitor.state("class-7b", "alice", "camera").orElse("").equals("with_mask")
                        && monitor.state("class-7b", "alice", "screen").orElse("").equals("without_mask"));

                // Twilio switches the screen off (bandwidth profile): its frozen picture is not sent any more
                js.executeScript("fakeTwilio.switchOff('alice', 'screen', true)");
                Thread.sleep(700); // a frame already on its way may still arrive
                long screenOff = count(predictions, "screen");
                long cameraOff = count(predictions, "camera");
                Thread.sleep(2000);
                assertThat(count(predictions, "screen")).as("screen frames while switched off").isEqualTo(screenOff);
                assertThat(count(predictions, "camera")).as("camera keeps going").isGreaterThan(cameraOff + 2);
                assertThat(js.executeScript("return document.querySelector('.tile[data-track=\"screen\"]').dataset.paused"))
                        .isEqualTo("switched off");
                assertThat(((Number) js.executeScript("return window.relayStats.paused")).longValue()).isPositive();
                js.executeScript("fakeTwilio.switchOff('alice', 'screen', false)");
                waitFor("screen frames again", 20, () -> count(predictions, "screen") > screenOff + 1);

                // alice turns her camera off (track disabled): no frames from it
                js.executeScript("fakeTwilio.enable('alice', 'camera', false)");
                Thread.sleep(700);
                long cameraDisabled = count(predictions, "camera");
                Thread.sleep(2000);
                assertThat(count(predictions, "camera")).as("camera frames while disabled").isEqualTo(cameraDisabled);
                assertThat(js.executeScript("return document.querySelector('.tile[data-track=\"camera\"]').dataset.paused"))
                        .isEqualTo("disabled");
                js.executeScript("fakeTwilio.enable('alice', 'camera', true)");
                waitFor("camera frames again", 20, () -> count(predictions, "camera") > cameraDisabled + 1);

                // the connection drops: logged, rejoined after the back-off, tiles back
                js.executeScript("fakeTwilio.drop(53001, 'Signaling connection disconnected')");
                waitFor("rejoin", 20, () -> ((Number) js.executeScript(
                        "return window.fakeTwilio.state.connects.length")).intValue() == 2);
                String log = (String) js.executeScript("return document.getElementById('log').textContent");
                assertThat(log).contains("disconnected from class-7b: 53001").contains("rejoining class-7b in 0.3 s");
                long cameraBefore = count(predictions, "camera");
                waitFor("frames after the rejoin", 30, () -> count(predictions, "camera") > cameraBefore + 1);
                assertThat(((Number) js.executeScript("return window.roomWatcher.stats.rejoins")).intValue()).isEqualTo(1);

                // alice leaves; only another monitor remains: after the grace period the page leaves too
                js.executeScript("fakeTwilio.leave('alice')");
                waitFor("tiles removed", 10, () -> ((Number) js.executeScript(
                        "return document.querySelectorAll('.tile').length")).intValue() == 0);
                waitFor("leaving an empty room", 10, () -> ((Number) js.executeScript(
                        "return window.fakeTwilio.state.disconnects")).intValue() == 1);
                assertThat(js.executeScript("return window.roomWatcher.stats.left")).isEqualTo("nobody else in the room");
                Thread.sleep(1500);
                assertThat(((Number) js.executeScript("return window.fakeTwilio.state.connects.length")).intValue())
                        .as("no rejoin after leaving on purpose").isEqualTo(2);
                log = (String) js.executeScript("return document.getElementById('log').textContent");
                LOG.info("relay page log:\n{}", log);
                assertThat(log).contains("nobody else in class-7b").contains("leaving class-7b: nobody else in the room");

                // a final disconnect (another client took this identity): logged, not rejoined
                driver.get(page);
                waitFor("joined again", 20, () -> ((Number) js.executeScript(
                        "return window.fakeTwilio.state.connects.length")).intValue() == 1);
                js.executeScript("fakeTwilio.join('bob'); fakeTwilio.drop(53205, 'Participant disconnected because of"
                        + " duplicate identity')");
                Thread.sleep(1500);
                assertThat(((Number) js.executeScript("return window.fakeTwilio.state.connects.length")).intValue())
                        .isEqualTo(1);
                assertThat((String) js.executeScript("return document.getElementById('log').textContent"))
                        .contains("not rejoining: another participant joined with this identity");
            } finally {
                driver.quit();
            }
        }
    }
}
