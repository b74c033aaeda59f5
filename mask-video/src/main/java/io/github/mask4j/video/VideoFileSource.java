package io.github.mask4j.video;

import io.github.mask4j.frame.Frame;
import io.github.mask4j.frame.FrameOrigin;
import io.github.mask4j.frame.FrameSource;
import io.github.mask4j.image.PixelFormat;
import io.github.mask4j.image.RawFrame;
import io.github.mask4j.video.internal.Ffmpeg;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A video file (MP4, WebM or MKV; H.264, VP8, VP9 and whatever else FFmpeg decodes) as a {@link FrameSource}:
 * decodes the file in order and yields BGR {@link RawFrame}s, optionally sampled down to a number of frames
 * per second. Timestamps are the frames' presentation times in milliseconds; the origin is
 * {@link FrameOrigin#file(Path)}.
 *
 * <p>Thread-safe: {@link #next(Duration)} and {@link #close()} are synchronized, so several threads may poll,
 * but decoding is sequential and each frame is returned once. Decoding happens on the calling thread, so
 * {@code next} never waits for the timeout; it returns empty only at the end of the file.
 */
public final class VideoFileSource implements FrameSource {
    private static final Logger LOG = LoggerFactory.getLogger(VideoFileSource.class);
    /** Failed grabs in a row after which the rest of the file is taken as unreadable. */
    static final int MAX_FAILURES_IN_A_ROW = 50;

    private final Path file;
    private final double samplesPerSecond;
    private final FrameOrigin origin;
    private final VideoInfo info;
    private FFmpegFrameGrabber grabber;
    private boolean finished;
    private long nextSampleMicros = Long.MIN_VALUE;
    private long decoded;
    private long emitted;
    private long skipped;

    private VideoFileSource(Path file, double samplesPerSecond) {
        this.file = file;
        this.samplesPerSecond = samplesPerSecond;
        this.origin = FrameOrigin.file(file);
        Ffmpeg.init();
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
        g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        try {
            g.start();
        } catch (Exception | LinkageError e) {
            closeQuietly(g);
            throw new VideoException(file, "cannot open video: " + e.getMessage(), e);
        }
        if (g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
            closeQuietly(g);
            throw new VideoException(file, "no video stream");
        }
        this.grabber = g;
        long lengthMicros = g.getLengthInTime();
        this.info = new VideoInfo(String.valueOf(g.getFormat()), String.valueOf(g.getVideoCodecName()),
                g.getImageWidth(), g.getImageHeight(), g.getVideoFrameRate(),
                lengthMicros > 0 ? lengthMicros / 1000 : 0);
        LOG.debug("opened {}: {}", file, info);
    }

    /** Opens a file and yields every decoded frame. */
    public static VideoFileSource open(Path file) {
        return open(file, 0);
    }

    /**
     * Opens a file and yields about {@code samplesPerSecond} frames per second of video: the first frame at or
     * after each multiple of {@code 1 / samplesPerSecond} seconds from the first frame.
     *
     * @param samplesPerSecond frames per second to keep, or 0 for every frame
     * @throws VideoException if the file is missing, unreadable or has no video stream
     * @throws IllegalArgumentException if {@code samplesPerSecond} is negative or not finite
     */
    public static VideoFileSource open(Path file, double samplesPerSecond) {
        Objects.requireNonNull(file, "file");
        if (!(samplesPerSecond >= 0) || Double.isInfinite(samplesPerSecond)) {
            throw new IllegalArgumentException("samplesPerSecond must be >= 0, got " + samplesPerSecond);
        }
        if (!Files.isRegularFile(file)) {
            throw new VideoException(file, "no such file");
        }
        return new VideoFileSource(file, samplesPerSecond);
    }

    /** What the container says about the video stream. */
    public VideoInfo info() {
        return info;
    }

    /** The file being read. */
    public Path file() {
        return file;
    }

    /** Frames decoded so far (including the ones sampling skipped). */
    public synchronized long decodedFrames() {
        return decoded;
    }

    /**
     * Frames skipped because they could not be decoded (a damaged stretch of the file); decoding goes on with
     * the next frame, and stops only after {@value #MAX_FAILURES_IN_A_ROW} failures in a row.
     */
    public synchronized long skippedFrames() {
        return skipped;
    }

    /** Frames returned so far. */
    public synchronized long emittedFrames() {
        return emitted;
    }

    @Override
    public synchronized Optional<Frame> next(Duration timeout) {
        int failuresInARow = 0;
        while (!finished) {
            org.bytedeco.javacv.Frame f;
            try {
                f = grabber.grabImage();
            } catch (Exception e) {
                // One damaged frame (or packet) does not end the video: skip it, count it, go on.
                skipped++;
                if (++failuresInARow >= MAX_FAILURES_IN_A_ROW) {
                    finished = true;
                    if (decoded == 0) {
                        throw new VideoException(file, "no frame could be decoded: " + e.getMessage(), e);
                    }
                    LOG.warn("{}: stopping after {} undecodable frames in a row ({} decoded): {}", file,
                            failuresInARow, decoded, e.getMessage());
                    break;
                }
                LOG.debug("{}: skipping an undecodable frame after {} decoded: {}", file, decoded, e.getMessage());
                continue;
            }
            if (f == null) {
                finished = true;
                break;
            }
            if (f.image == null) {
                continue;
            }
            decoded++;
            long ts = Math.max(0, f.timestamp);
            if (samplesPerSecond > 0) {
                if (nextSampleMicros == Long.MIN_VALUE) {
                    nextSampleMicros = ts;
                }
                if (ts < nextSampleMicros) {
                    continue;
                }
                long step = Math.round(1_000_000 / samplesPerSecond);
                while (nextSampleMicros <= ts) {
                    nextSampleMicros += step;
                }
            }
            long millis = ts / 1000;
            RawFrame raw = toRaw(f, origin.room() + " @" + millis + "ms");
            if (raw == null) {
                skipped++;
                continue;
            }
            emitted++;
            return Optional.of(new Frame(origin, millis, raw));
        }
        return Optional.empty();
    }

    /** Copies the decoder's buffer (it is reused for the next frame); null for a damaged (short) frame. */
    private static RawFrame toRaw(org.bytedeco.javacv.Frame f, String source) {
        ByteBuffer buf = ((ByteBuffer) f.image[0]).duplicate();
        buf.rewind();
        int stride = f.imageStride;
        int needed = stride * (f.imageHeight - 1) + f.imageWidth * 3;
        byte[] data = new byte[Math.min(buf.remaining(), stride * f.imageHeight)];
        if (f.imageWidth <= 0 || f.imageHeight <= 0 || data.length < needed) {
            LOG.debug("{}: skipping a frame with a short buffer ({} of {} bytes)", source, data.length, needed);
            return null;
        }
        buf.get(data);
        return new RawFrame(PixelFormat.BGR, f.imageWidth, f.imageHeight, stride, data, source);
    }

    @Override
    public synchronized boolean isFinished() {
        return finished;
    }

    @Override
    public synchronized void close() {
        finished = true;
        if (grabber != null) {
            closeQuietly(grabber);
            grabber = null;
        }
    }

    private static void closeQuietly(FFmpegFrameGrabber g) {
        try {
            g.close();
        } catch (Exception e) {
            LOG.debug("closing grabber failed", e);
        }
    }

    @Override
    public String toString() {
        return "VideoFileSource[" + file + ", " + info + "]";
    }
}
