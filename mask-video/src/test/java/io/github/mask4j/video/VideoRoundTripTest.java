package io.github.mask4j.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mask4j.frame.Frame;
import io.github.mask4j.image.PixelFormat;
import io.github.mask4j.image.RawFrame;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VideoRoundTripTest {

    static List<Frame> sourceFrames() throws Exception {
        try (VideoFileSource src = VideoFileSource.open(VideoFileSourceTest.clip("putting-on-mask-a"), 5)) {
            return VideoFileSourceTest.readAll(src).subList(0, 20);
        }
    }

    @ParameterizedTest
    @CsvSource({"VP8, clip.mkv, vp8", "H264, clip.mkv, h264", "VP8, clip.webm, vp8", "RAW_I420, clip.y4m, rawvideo"})
    void encodesAndDecodesBack(VideoCodec codec, String name, String decodedCodec, @TempDir Path tmp) throws Exception {
        List<Frame> in = sourceFrames();
        RawFrame first = (RawFrame) in.get(0).image();
        Path out = tmp.resolve(name);
        try (VideoEncoder enc = VideoEncoder.open(out, codec, first.width(), first.height(), 5)) {
            for (Frame f : in) {
                enc.write((RawFrame) f.image());
            }
            assertThat(enc.frameCount()).isEqualTo(20);
        }
        assertThat(out).isRegularFile();
        try (Stream dir = new Stream(tmp)) {
            assertThat(dir.names()).containsExactly(name); // no temporary file left behind
        }
        try (VideoFileSource back = VideoFileSource.open(out)) {
            assertThat(back.info().codec()).isEqualTo(decodedCodec);
            assertThat(back.info().width()).isEqualTo(first.width());
            List<Frame> frames = VideoFileSourceTest.readAll(back);
            assertThat(frames).hasSize(20);
            for (int i = 0; i < frames.size(); i++) {
                assertThat(frames.get(i).timestampMillis()).isEqualTo(i * 200L);
                double diff = meanAbsDiff((RawFrame) in.get(i).image(), (RawFrame) frames.get(i).image());
                assertThat(diff).as("frame %d mean abs difference", i).isLessThan(12);
            }
            // and the frames are not all alike: the person moves
            double motion = meanAbsDiff((RawFrame) frames.get(0).image(), (RawFrame) frames.get(19).image());
            assertThat(motion).isGreaterThan(3);
        }
        if (codec == VideoCodec.RAW_I420) {
            byte[] head = Arrays.copyOf(Files.readAllBytes(out), 40);
            assertThat(new String(head, StandardCharsets.US_ASCII))
                    .startsWith("YUV4MPEG2 W" + first.width() + " H" + first.height());
        }
    }

    @Test
    void scalesFramesOfAnotherSizeAndWritesOtherPixelFormats(@TempDir Path tmp) throws Exception {
        RawFrame bgr = (RawFrame) sourceFrames().get(3).image();
        RawFrame rgb = toRgb(bgr);
        Path out = tmp.resolve("small.mkv");
        try (VideoEncoder enc = VideoEncoder.open(out, VideoCodec.VP8, 194, 110, 10)) {
            enc.write(bgr);
            enc.write(rgb);
        }
        try (VideoFileSource back = VideoFileSource.open(out)) {
            List<Frame> frames = VideoFileSourceTest.readAll(back);
            assertThat(frames).hasSize(2);
            RawFrame a = (RawFrame) frames.get(0).image();
            assertThat(a.width()).isEqualTo(194);
            assertThat(a.height()).isEqualTo(110);
            // the RGB frame was read as RGB: both decode to the same picture
            assertThat(meanAbsDiff(a, (RawFrame) frames.get(1).image())).isLessThan(4);
        }
    }

    @Test
    void rejectsMismatchedCodecAndContainer(@TempDir Path tmp) {
        assertThatThrownBy(() -> VideoEncoder.open(tmp.resolve("a.webm"), VideoCodec.H264, 64, 64, 5))
                .isInstanceOf(VideoException.class).hasMessageContaining("H264 cannot be written to .webm");
        assertThatThrownBy(() -> VideoEncoder.open(tmp.resolve("a.avi"), VideoCodec.VP8, 64, 64, 5))
                .isInstanceOf(VideoException.class).hasMessageContaining("unknown video file extension 'avi'");
        assertThatThrownBy(() -> VideoEncoder.open(tmp.resolve("a.mkv"), VideoCodec.VP8, 63, 64, 5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static RawFrame toRgb(RawFrame bgr) {
        byte[] d = new byte[bgr.width() * bgr.height() * 3];
        for (int y = 0; y < bgr.height(); y++) {
            for (int x = 0; x < bgr.width(); x++) {
                int s = y * bgr.stride() + x * 3;
                int t = (y * bgr.width() + x) * 3;
                d[t] = bgr.data()[s + 2];
                d[t + 1] = bgr.data()[s + 1];
                d[t + 2] = bgr.data()[s];
            }
        }
        return RawFrame.packed(PixelFormat.RGB, bgr.width(), bgr.height(), d);
    }

    static double meanAbsDiff(RawFrame a, RawFrame b) {
        assertThat(b.width()).isEqualTo(a.width());
        assertThat(b.height()).isEqualTo(a.height());
        long sum = 0;
        for (int y = 0; y < a.height(); y++) {
            for (int x = 0; x < a.width() * 3; x++) {
                sum += Math.abs((a.data()[y * a.stride() + x] & 0xff) - (b.data()[y * b.stride() + x] & 0xff));
            }
        }
        return sum / (double) (a.width() * a.height() * 3);
    }

    static double stdDev(RawFrame a) {
        double s = 0;
        double s2 = 0;
        long n = 0;
        for (int y = 0; y < a.height(); y++) {
            for (int x = 0; x < a.width() * 3; x++) {
                int v = a.data()[y * a.stride() + x] & 0xff;
                s += v;
                s2 += (double) v * v;
                n++;
            }
        }
        double m = s / n;
        return Math.sqrt(s2 / n - m * m);
    }

    /** Directory listing that closes its stream. */
    private static final class Stream implements AutoCloseable {
        private final java.util.stream.Stream<Path> s;

        Stream(Path dir) throws java.io.IOException {
            s = Files.list(dir);
        }

        List<String> names() {
            return s.map(p -> p.getFileName().toString()).toList();
        }

        @Override
        public void close() {
            s.close();
        }
    }
}
