package io.github.mask4j.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mask4j.frame.Frame;
import io.github.mask4j.image.PixelFormat;
import io.github.mask4j.image.RawFrame;
import io.github.mask4j.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoFileSourceTest {

    static Path clip(String name) {
        return SharedData.video().resolve("clips").resolve(name + ".mp4");
    }

    static List<Frame> readAll(VideoFileSource src) throws InterruptedException {
        List<Frame> out = new ArrayList<>();
        for (int i = 0; i < 10_000 && !src.isFinished(); i++) {
            Optional<Frame> f = src.next(Duration.ofSeconds(1));
            f.ifPresent(out::add);
        }
        assertThat(src.isFinished()).isTrue();
        return out;
    }

    /** Frames per clip in the data set's 2 fps extraction (labels.csv), made with ffmpeg's fps filter. */
    static Map<String, Long> framesAt2Fps() throws IOException {
        try (Stream<String> lines = Files.lines(SharedData.video().resolve("labels.csv"))) {
            return lines.skip(1).map(l -> l.split(",")[0])
                    .collect(Collectors.groupingBy(c -> c, Collectors.counting()));
        }
    }

    @Test
    void samplesEveryClipAtTwoFramesPerSecond() throws Exception {
        Map<String, Long> expected = framesAt2Fps();
        assertThat(expected).hasSize(6);
        for (var e : expected.entrySet()) {
            try (VideoFileSource src = VideoFileSource.open(clip(e.getKey()), 2)) {
                VideoInfo info = src.info();
                assertThat(info.codec()).isEqualTo("h264");
                assertThat(info.durationMillis()).isBetween(7_000L, 11_000L);
                List<Frame> frames = readAll(src);
                // ffmpeg's fps filter rounds the ends slightly differently
                assertThat((long) frames.size()).as(e.getKey()).isBetween(e.getValue() - 1, e.getValue() + 1);
                for (int i = 0; i < frames.size(); i++) {
                    Frame f = frames.get(i);
                    assertThat(f.origin().room()).isEqualTo(e.getKey() + ".mp4");
                    assertThat(f.origin().participant()).isEqualTo("video");
                    RawFrame raw = (RawFrame) f.image();
                    assertThat(raw.format()).isEqualTo(PixelFormat.BGR);
                    assertThat(raw.width()).isEqualTo(info.width());
                    assertThat(raw.height()).isEqualTo(info.height());
                    if (i > 0) {
                        long gap = f.timestampMillis() - frames.get(i - 1).timestampMillis();
                        assertThat(gap).as("gap before frame %d of %s", i, e.getKey()).isBetween(460L, 540L);
                    }
                }
                assertThat(frames.get(frames.size() - 1).timestampMillis()).isLessThanOrEqualTo(info.durationMillis());
                assertThat(src.decodedFrames()).isGreaterThan(frames.size() * 10L);
            }
        }
    }

    @Test
    void decodesEveryFrameWithoutSampling() throws Exception {
        try (VideoFileSource src = VideoFileSource.open(clip("putting-on-mask-a"))) {
            assertThat(src.info().frameRate()).isEqualTo(25.0);
            List<Frame> frames = readAll(src);
            long expected = Math.round(src.info().durationMillis() / 1000.0 * 25);
            assertThat((long) frames.size()).isBetween(expected - 2, expected + 2);
            assertThat(frames.get(1).timestampMillis() - frames.get(0).timestampMillis()).isEqualTo(40);
            // decoded pixels are a real picture, not a blank buffer
            RawFrame raw = (RawFrame) frames.get(frames.size() / 2).image();
            assertThat(VideoRoundTripTest.stdDev(raw)).isGreaterThan(10);
        }
    }

    @Test
    void closeIsIdempotentAndEndsTheStream() throws Exception {
        VideoFileSource src = VideoFileSource.open(clip("mask-woman-laptop"), 1);
        assertThat(src.next(Duration.ZERO)).isPresent();
        src.close();
        src.close();
        assertThat(src.isFinished()).isTrue();
        assertThat(src.next(Duration.ZERO)).isEmpty();
    }

    @Test
    void badInputFailsWithATypedError(@TempDir Path tmp) throws IOException {
        assertThatThrownBy(() -> VideoFileSource.open(tmp.resolve("missing.mp4")))
                .isInstanceOf(VideoException.class).hasMessageContaining("missing.mp4").hasMessageContaining("no such file");
        Path junk = Files.write(tmp.resolve("junk.mp4"), "not a video at all".repeat(100).getBytes());
        assertThatThrownBy(() -> VideoFileSource.open(junk))
                .isInstanceOf(VideoException.class).hasMessageContaining("junk.mp4");
        assertThatThrownBy(() -> VideoFileSource.open(clip("mask-man-indoor"), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDamagedStretchSkipsFramesInsteadOfEndingTheVideo(@TempDir Path tmp) throws Exception {
        byte[] bytes = Files.readAllBytes(clip("no-mask-man-studio"));
        long intact;
        try (VideoFileSource src = VideoFileSource.open(clip("no-mask-man-studio"), 0)) {
            intact = readAll(src).size();
            assertThat(src.skippedFrames()).isZero();
        }
        // noise over a tenth of the file, a third of the way in: the frames there cannot be decoded as they were
        java.util.Random r = new java.util.Random(3);
        for (int i = bytes.length / 3; i < bytes.length / 3 + bytes.length / 10; i++) {
            bytes[i] = (byte) r.nextInt(256);
        }
        Path damaged = Files.write(tmp.resolve("damaged.mp4"), bytes);
        try (VideoFileSource src = VideoFileSource.open(damaged, 0)) {
            List<Frame> frames = readAll(src);
            System.out.printf("damaged clip: %d frames returned, %d skipped, %d intact frames in the original%n",
                    frames.size(), src.skippedFrames(), intact);
            // decoding went on past the damage to the end: frames from the last third are there; FFmpeg drops or
            // conceals what it cannot decode (counted in skippedFrames only when a grab fails outright)
            assertThat(frames.size()).isLessThan((int) intact).isGreaterThan((int) intact / 2);
            assertThat(frames.get(frames.size() - 1).timestampMillis()).isGreaterThan(7_000);
        }
    }
}
