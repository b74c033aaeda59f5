package io.github.mask4j.bench;

import io.github.mask4j.frame.Frame;
import io.github.mask4j.image.Jpeg;
import io.github.mask4j.image.PixelFormat;
import io.github.mask4j.image.RawFrame;
import io.github.mask4j.video.VideoFileSource;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The sample clips ({@code data/video/clips/*.mp4}) decoded with mask-video at a given frame rate, each frame cut
 * to the 4:3 centre (as a webcam frames a face), scaled to {@code width x height} and encoded as JPEG once, so a
 * load generator can send real video frames without encoding while it measures. Immutable after
 * {@link #load}; thread-safe.
 */
final class ClipFrames {
    static final double PAGE_QUALITY = 0.8; // the relay page's canvas: toBlob('image/jpeg', 0.8)
    private final List<String> names;
    private final List<List<byte[]>> clips;
    private final int width;
    private final int height;

    private ClipFrames(List<String> names, List<List<byte[]>> clips, int width, int height) {
        this.names = List.copyOf(names);
        this.clips = List.copyOf(clips);
        this.width = width;
        this.height = height;
    }

    /** The frames' width in pixels. */
    int width() {
        return width;
    }

    /** The frames' height in pixels. */
    int height() {
        return height;
    }

    /** Decodes every clip in {@code dir} at {@code fps} frames per second of video. */
    static ClipFrames load(Path dir, double fps, int width, int height) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".mp4")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no .mp4 clips in " + dir + "; set MASK4J_DATA_DIR to the data sets");
        }
        List<String> names = new ArrayList<>();
        List<List<byte[]>> clips = new ArrayList<>();
        for (Path f : files) {
            List<byte[]> frames = new ArrayList<>();
            try (VideoFileSource src = VideoFileSource.open(f, fps)) {
                for (Optional<Frame> n = src.next(Duration.ZERO); n.isPresent(); n = src.next(Duration.ZERO)) {
                    frames.add(Jpeg.encode(cover((RawFrame) n.get().image(), width, height), PAGE_QUALITY));
                }
            }
            if (!frames.isEmpty()) {
                names.add(f.getFileName().toString());
                clips.add(frames);
            }
        }
        return new ClipFrames(names, clips, width, height);
    }

    /** The clips' file names, in {@link #clip} order. */
    List<String> names() {
        return names;
    }

    /** The encoded frames of clip {@code i % clips}, in time order. */
    List<byte[]> clip(int i) {
        return clips.get(Math.floorMod(i, clips.size()));
    }

    /** Frames over all clips. */
    int frameCount() {
        return clips.stream().mapToInt(List::size).sum();
    }

    /** Mean JPEG size in bytes. */
    long meanBytes() {
        return clips.stream().flatMap(List::stream).mapToLong(b -> b.length).sum() / Math.max(1, frameCount());
    }

    /** A BGR frame's centre at the target's aspect ratio, scaled to {@code width x height}. */
    static BufferedImage cover(RawFrame f, int width, int height) {
        if (f.format() != PixelFormat.BGR) {
            throw new IllegalArgumentException("expected a BGR frame, got " + f.format());
        }
        BufferedImage all = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) all.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < f.height(); y++) {
            System.arraycopy(f.data(), y * f.stride(), dst, y * f.width() * 3, f.width() * 3);
        }
        double target = (double) width / height;
        int w = f.width();
        int h = f.height();
        if ((double) w / h > target) {
            w = (int) Math.round(h * target);
        } else {
            h = (int) Math.round(w / target);
        }
        return Fixtures.redraw(all.getSubimage((f.width() - w) / 2, (f.height() - h) / 2, w, h), width, height);
    }
}
