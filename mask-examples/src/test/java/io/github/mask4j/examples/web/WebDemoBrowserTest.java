package io.github.mask4j.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mask4j.frame.Frame;
import io.github.mask4j.image.RawFrame;
import io.github.mask4j.model.BuiltinModel;
import io.github.mask4j.testing.SharedData;
import io.github.mask4j.video.VideoEncoder;
import io.github.mask4j.video.VideoFileSource;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the real page in headless Chromium whose fake camera plays sample clips (converted to .y4m here):
 * adds "no mask" frames from one clip and "mask" frames from another, trains, and checks what predict shows.
 */
class WebDemoBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path TARGET = Path.of("target");
    private static final int EXAMPLES_PER_LABEL = 6;

    static WebDemo demo;
    static Path noMaskY4m;
    static Path maskY4m;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "headless browser test skipped: needs Debian's chromium and chromium-driver "
                        + "(/usr/bin/chromium, /usr/bin/chromedriver): apt-get install chromium chromium-driver");
        Path dir = Files.createDirectories(TARGET.resolve("browser-test"));
        noMaskY4m = toY4m(SharedData.video().resolve("clips/no-mask-man-studio.mp4"), dir.resolve("no-mask.y4m"));
        maskY4m = toY4m(SharedData.video().resolve("clips/mask-woman-laptop.mp4"), dir.resolve("mask.y4m"));
        demo = WebDemo.start(SharedData.extractor(BuiltinModel.MOBILENET_V2), "127.0.0.1", 0, null,
                dir.resolve("saved-classifier"), Optional.empty());
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    /** A fake-camera file: the clip's centre (where the face is) at 320x240, 10 fps, made with mask-video. */
    static Path toY4m(Path clip, Path out) throws Exception {
        try (VideoFileSource src = VideoFileSource.open(clip, 10);
                VideoEncoder enc = VideoEncoder.y4m(out, 320, 240, 10)) {
            for (int i = 0; i < 200 && !src.isFinished(); i++) {
                Optional<Frame> f = src.next(Duration.ofSeconds(5));
                if (f.isPresent()) {
                    enc.write(centre((RawFrame) f.get().image(), 4, 3));
                }
            }
            assertThat(enc.frameCount()).isGreaterThan(50);
        }
        return out;
    }

    /** The largest centred w:h window of a BGR frame, copied out. */
    static RawFrame centre(RawFrame f, int w, int h) {
        int cw = Math.min(f.width(), f.height() * w / h) & ~1;
        int ch = (cw * h / w) & ~1;
        int x0 = (f.width() - cw) / 2;
        int y0 = (f.height() - ch) / 2;
        byte[] d = new byte[cw * ch * 3];
        for (int y = 0; y < ch; y++) {
            System.arraycopy(f.data(), (y0 + y) * f.stride() + x0 * 3, d, y * cw * 3, cw * 3);
        }
        return RawFrame.packed(f.format(), cw, ch, d);
    }

    static WebDriver browser(Path fakeCamera) throws Exception {
        return browser(fakeCamera, "");
    }

    /** A browser on the page; {@code query} e.g. {@code ?standIn=alice}. */
    static WebDriver browser(Path fakeCamera, String query) throws Exception {
        return open(chrome(fakeCamera), demo, query);
    }

    /** Opens {@code page}'s page in {@code d} and waits for the camera. */
    static WebDriver open(WebDriver d, WebDemo page, String query) {
        d.get(page.loginUrl() + query.replaceFirst("^\\?", "&")); // signs in (session cookie), then the page
        waitFor(d, 30, () -> text(d, "camera-status").equals("camera on")
                && (Long) ((JavascriptExecutor) d).executeScript("return document.getElementById('video').readyState") >= 2);
        return d;
    }

    static ChromeDriver chrome(Path fakeCamera) throws Exception {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1200,900",
                "--user-data-dir=" + Files.createTempDirectory("mask4j-chromium"),
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--use-file-for-fake-video-capture=" + fakeCamera.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, o);
    }

    static String text(WebDriver d, String id) {
        return d.findElement(By.id(id)).getText().trim();
    }

    interface Check {
        boolean ok();
    }

    static void waitFor(WebDriver d, int seconds, Check c) {
        new WebDriverWait(d, Duration.ofSeconds(seconds)).pollingEvery(Duration.ofMillis(100))
                .until(x -> c.ok());
    }

    static void addExamples(WebDriver d, String label) {
        for (int i = 1; i <= EXAMPLES_PER_LABEL; i++) {
            d.findElement(By.id("add-" + label)).click();
            int expected = i;
            waitFor(d, 30, () -> text(d, "count-" + label).equals(Integer.toString(expected)));
            sleep(150); // let the fake camera move on a few frames
        }
    }

    static void predictAndExpect(WebDriver d, String label) {
        d.findElement(By.id("predict")).click();
        waitFor(d, 60, () -> text(d, "label").equals(label) && !text(d, "confidence").isEmpty());
        // it keeps predicting: the label stays and the confidence is a percentage
        sleep(800);
        assertThat(text(d, "label")).isEqualTo(label);
        assertThat(text(d, "confidence")).matches("\\d+\\.\\d%");
    }

    static void screenshot(WebDriver d, String name) throws Exception {
        Path png = ((TakesScreenshot) d).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, TARGET.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Object js(WebDriver d, String script) {
        return ((JavascriptExecutor) d).executeScript(script);
    }

    /** The tile of {@code identity}: its data-state, data-label and status text. */
    static String tileStatus(WebDriver d, String identity) {
        return (String) js(d, "const t = document.querySelector('.tile[data-identity=\"" + identity + "\"]');"
                + "return t ? (t.dataset.state || '') + '|' + (t.dataset.label || '') + '|'"
                + " + t.querySelector('.mask').textContent : '';");
    }

    /** Joins the room with the local stand-in for Twilio: the fake camera plays the remote participant alice. */
    static void joinStandIn(WebDriver d) {
        d.findElement(By.id("join")).click();
        waitFor(d, 30, () -> text(d, "status").contains("local stand-in"));
    }

    @Test
    void addTrainPredictWithAFakeCamera() throws Exception {
        WebDriver d = browser(noMaskY4m, "?standIn=alice");
        try {
            assertThat(text(d, "twilio-help")).contains("TWILIO_ACCOUNT_SID").contains("TWILIO_API_SECRET");
            addExamples(d, "without_mask");
            // frames relayed before training get a clear status, not errors
            joinStandIn(d);
            WebDriver dd = d;
            waitFor(d, 30, () -> tileStatus(dd, "alice").startsWith("not_trained|"));
            assertThat(tileStatus(d, "alice")).isEqualTo("not_trained||classifier not trained yet");
            assertThat(demo.participants().get("alice", "camera").state()).isEqualTo(ParticipantStatusBoard.NOT_TRAINED);
            assertThat(((Number) js(d, "return window.mask4jRelay.stats.unclassified")).longValue()).isPositive();
            assertThat(((Number) js(d, "return window.mask4jRelay.stats.refused")).longValue()).isZero();
        } finally {
            d.quit();
        }
        // without the stand-in and without credentials there is nothing to join
        d = browser(noMaskY4m);
        try {
            assertThat(d.findElement(By.id("join")).isDisplayed()).isFalse();
        } finally {
            d.quit();
        }
        d = browser(maskY4m, "?standIn=alice");
        try {
            // the counts live in the JVM, so a new page shows the earlier examples
            assertThat(text(d, "count-without_mask")).isEqualTo(Integer.toString(EXAMPLES_PER_LABEL));
            addExamples(d, "with_mask");
            d.findElement(By.id("epochs")).clear();
            d.findElement(By.id("epochs")).sendKeys("15");
            d.findElement(By.id("train")).click();
            WebDriver dd = d;
            waitFor(d, 60, () -> text(dd, "loss-log").contains("done:"));
            assertThat(text(d, "loss-log")).contains("epoch 1/15  loss").contains("epoch 15/15");
            predictAndExpect(d, "with_mask");
            screenshot(d, "web-demo-with-mask.png");
            d.findElement(By.id("predict")).click(); // stop
            // the room: alice's frames go over the relay socket, the JVM classifies and smooths them
            joinStandIn(d);
            waitFor(d, 60, () -> tileStatus(dd, "alice").startsWith("classified|with_mask|"));
            sleep(1500); // a few more frames: the smoothed label holds
            assertThat(tileStatus(d, "alice")).matches("classified\\|with_mask\\|with_mask \\d+%");
            ParticipantStatusBoard.Status alice = demo.participants().get("alice", "camera");
            assertThat(alice.label()).isEqualTo("with_mask");
            assertThat(alice.confidence()).isBetween(0.5, 1.0);
            assertThat(demo.monitor().state("mask4j", "alice")).contains("with_mask");
            assertThat(((Number) js(d, "return window.mask4jRelay.stats.results")).longValue()).isPositive();
            js(d, "document.getElementById('tiles').scrollIntoView()");
            screenshot(d, "web-demo-tiles.png");
            d.findElement(By.id("save")).click();
            waitFor(d, 30, () -> text(dd, "status").startsWith("saved to"));
            assertThat(TARGET.resolve("browser-test/saved-classifier/model.json")).isRegularFile();
        } finally {
            d.quit();
        }
        d = browser(noMaskY4m);
        try {
            predictAndExpect(d, "without_mask");
            screenshot(d, "web-demo-without-mask.png");
        } finally {
            d.quit();
        }
    }

    /**
     * Joining a Twilio room from the page, with mask-twilio's scripted stand-in for twilio-video.js (its test
     * resource {@code fake-twilio-video.js}) injected before the page's scripts: the page publishes its camera, gets one
     * tile per remote video track, stops relaying a track Twilio switched off, and rejoins after a dropped connection.
     */
    @Test
    void joinsATwilioRoomThroughTheRoomWatcher() throws Exception {
        Path fake = Path.of("..", "mask-twilio", "src", "test", "resources", "io", "github", "mask4j", "twilio",
                "fake-twilio-video.js");
        Assumptions.assumeTrue(Files.isRegularFile(fake), "skipped: needs the mask4j source tree (" + fake + ")");
        String unmasked = "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(
                Files.readAllBytes(WebDemoRelayTest.images("test", "without_mask", 1).get(0)));
        Path dir = TARGET.resolve("browser-test");
        try (WebDemo twilioDemo = WebDemo.start(SharedData.extractor(BuiltinModel.MOBILENET_V2), "127.0.0.1", 0, null,
                dir.resolve("twilio-saved"), Optional.of(new TwilioTokens("AC00000000000000000000000000000000",
                        "SK00000000000000000000000000000000", "s3cr3t-s3cr3t-s3cr3t-s3cr3t-1234")))) {
            ChromeDriver d = chrome(noMaskY4m);
            try {
                d.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", Files.readString(fake)));
                open(d, twilioDemo, "");
                d.findElement(By.id("room")).clear();
                d.findElement(By.id("room")).sendKeys("class-7b");
                d.findElement(By.id("join")).click();
                waitFor(d, 30, () -> ((Number) js(d, "return window.fakeTwilio.state.connects.length"
                        + " + document.querySelectorAll('.tile').length")).intValue() == 2);
                assertThat(js(d, "const c = window.fakeTwilio.state.connects[0]; return c.options.name + '|'"
                        + " + c.options.tracks.length + '|' + c.options.tracks[0].name")).isEqualTo("class-7b|1|camera");
                d.executeScript("fakeTwilio.image('unmasked', arguments[0]); fakeTwilio.join('alice');"
                        + " fakeTwilio.publish('alice', 'camera', 'unmasked'); fakeTwilio.publish('alice', 'screen', 'unmasked');",
                        unmasked);
                waitFor(d, 30, () -> twilioDemo.participants().get("alice", "screen") != null
                        && twilioDemo.participants().get("alice", "camera") != null);
                assertThat(js(d, "return Array.from(document.querySelectorAll('.tile')).map(t => t.dataset.identity"
                        + " + '/' + t.dataset.track + '=' + t.querySelector('.who').textContent).sort().join(',')"))
                        .isEqualTo("alice/camera=alice · camera,alice/screen=alice · screen,"
                                + js(d, "return window.fakeTwilio.state.room.localParticipant.identity") + "/camera="
                                + js(d, "return window.fakeTwilio.state.room.localParticipant.identity") + " · camera");

                // switched off: the tile says so and no frame of it reaches the JVM
                d.executeScript("fakeTwilio.switchOff('alice', 'screen', true)");
                sleep(700);
                long last = twilioDemo.participants().get("alice", "screen").timestampMillis();
                sleep(1500);
                assertThat(twilioDemo.participants().get("alice", "screen").timestampMillis()).isEqualTo(last);
                assertThat(js(d, "return document.querySelector('.tile[data-track=\"screen\"]').dataset.paused"))
                        .isEqualTo("switched off");
                assertThat(((Number) js(d, "return window.mask4jRelay.stats.paused")).longValue()).isPositive();

                // a dropped connection: rejoined after the back-off (1 s)
                d.executeScript("fakeTwilio.drop(53001, 'Signaling connection disconnected')");
                waitFor(d, 20, () -> ((Number) js(d, "return window.fakeTwilio.state.connects.length")).intValue() == 2);
                waitFor(d, 20, () -> ((Number) js(d, "return document.querySelectorAll('.tile').length")).intValue() == 3);
                long before = twilioDemo.participants().get("alice", "camera").timestampMillis();
                waitFor(d, 20, () -> twilioDemo.participants().get("alice", "camera").timestampMillis() > before);
                d.findElement(By.id("leave")).click();
                assertThat(((Number) js(d, "return window.fakeTwilio.state.disconnects")).intValue()).isEqualTo(1);
            } finally {
                d.quit();
            }
        }
    }
}
