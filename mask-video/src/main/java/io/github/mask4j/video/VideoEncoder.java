package io.github.mask4j.video;

import io.github.mask4j.file.AtomicFiles;
import io.github.mask4j.image.PixelFormat;
import io.github.mask4j.image.RawFrame;
import io.github.mask4j.video.internal.Ffmpeg;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Writes frames to a video file: VP8 or H.264 in MKV (or WebM/MP4), or raw I420 in a {@code .y4m} file as
 * Chromium's fake camera ({@code --use-file-for-fake-video-capture}) reads. Frames of another size are scaled to
 * the encoder's size. The file is written under a temporary name and moved into place by {@link #close()}, so a
 * reader never sees half a file.
 *
 * <p>Not thread-safe: one thread writes, then closes. {@code close()} is idempotent.
 */
public final class VideoEncoder implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final int width;
    private final int height;
    private FFmpegFrameRecorder recorder;
    private Java2DFrameConverter converter;
    private long frames;
    private boolean failed;

    private VideoEncoder(Path target, VideoCodec codec, int width, int height, double fps) {
        this.target = target;
        this.width = width;
        this.height = height;
        Ffmpeg.init();
        String container = containerFor(target, codec);
        try {
            String name = target.getFileName().toString();
            // the encoder picks the container by the extension, so the temporary file keeps it
            this.temp = AtomicFiles.temporaryBeside(target, name.substring(name.lastIndexOf('.')));
        } catch (IOException e) {
            throw new VideoException(target, "cannot create output file: " + e.getMessage(), e);
        }
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(temp.toFile(), width, height, 0);
        r.setFormat(container);
        r.setFrameRate(fps);
        r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        switch (codec) {
            case VP8 -> {
                r.setVideoCodec(avcodec.AV_CODEC_ID_VP8);
                r.setVideoBitrate(Math.max(200_000, width * height * 4));
                r.setGopSize((int) Math.max(1, Math.round(fps * 2)));
            }
            case H264 -> {
                r.setVideoCodec(avcodec.AV_CODEC_ID_H264);
                r.setVideoBitrate(Math.max(200_000, width * height * 4));
                r.setGopSize((int) Math.max(1, Math.round(fps * 2)));
            }
            case RAW_I420 -> r.setVideoCodec(avcodec.AV_CODEC_ID_RAWVIDEO);
        }
        try {
            r.start();
        } catch (Exception | LinkageError e) {
            try {
                r.release();
            } catch (Exception ignored) {
                // already failing
            }
            deleteQuietly(temp);
            throw new VideoException(target, "cannot start " + codec + " encoder in " + container + ": "
                    + e.getMessage(), e);
        }
        this.recorder = r;
    }

    /**
     * Creates an encoder; the container follows the file name: {@code .mkv}, {@code .webm} (VP8 only),
     * {@code .mp4} (H.264 only) or {@code .y4m} (raw I420 only).
     *
     * @param width output width in pixels (even)
     * @param height output height in pixels (even)
     * @param fps frames per second
     * @throws VideoException if the codec and container do not fit together or the encoder cannot start
     */
    public static VideoEncoder open(Path file, VideoCodec codec, int width, int height, double fps) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(codec, "codec");
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("width and height must be positive and even, got " + width + "x"
                    + height);
        }
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new IllegalArgumentException("fps must be positive, got " + fps);
        }
        return new VideoEncoder(file, codec, width, height, fps);
    }

    /** A {@code .y4m} file for Chromium's fake camera. */
    public static VideoEncoder y4m(Path file, int width, int height, double fps) {
        return open(file, VideoCodec.RAW_I420, width, height, fps);
    }

    private static String containerFor(Path file, VideoCodec codec) {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        String container = switch (ext) {
            case "mkv" -> "matroska";
            case "webm" -> "webm";
            case "mp4" -> "mp4";
            case "y4m" -> "yuv4mpegpipe";
            default -> throw new VideoException(file, "unknown video file extension '" + ext
                    + "' (use .mkv, .webm, .mp4 or .y4m)");
        };
        boolean ok = switch (codec) {
            case VP8 -> container.equals("matroska") || container.equals("webm");
            case H264 -> container.equals("matroska") || container.equals("mp4");
            case RAW_I420 -> container.equals("yuv4mpegpipe");
        };
        if (!ok) {
            throw new VideoException(file, codec + " cannot be written to ." + ext + " files");
        }
        return container;
    }

    /** Output width. */
    public int width() {
        return width;
    }

    /** Output height. */
    public int height() {
        return height;
    }

    /** Frames written so far. */
    public long frameCount() {
        return frames;
    }

    /**
     * Gives the next frame the presentation time {@code t} from the start of the stream (later than the frames
     * written so far): the frames in between are left out, as in a recording whose track started late or paused.
     */
    public void skipTo(Duration t) {
        Objects.requireNonNull(t, "t");
        ensureOpen();
        long micros = t.toNanos() / 1000;
        if (micros < recorder.getTimestamp()) {
            throw new IllegalArgumentException("cannot go back in time: next frame is at " + recorder.getTimestamp()
                    + " us, asked for " + micros + " us");
        }
        recorder.setTimestamp(micros);
    }

    /** Appends one frame (any packed format or I420; scaled to the output size if needed). */
    public void write(RawFrame frame) {
        Objects.requireNonNull(frame, "frame");
        ensureOpen();
        int avFormat;
        int stride = frame.stride();
        byte[] data = frame.data();
        switch (frame.format()) {
            case BGR -> avFormat = avutil.AV_PIX_FMT_BGR24;
            case RGB -> avFormat = avutil.AV_PIX_FMT_RGB24;
            case BGRA -> avFormat = avutil.AV_PIX_FMT_BGRA;
            case RGBA -> avFormat = avutil.AV_PIX_FMT_RGBA;
            case ARGB -> avFormat = avutil.AV_PIX_FMT_ARGB;
            case I420 -> {
                avFormat = avutil.AV_PIX_FMT_YUV420P;
                data = packedI420(frame);
                stride = frame.width();
            }
            default -> throw new IllegalArgumentException("unsupported pixel format " + frame.format());
        }
        int channels = frame.format() == PixelFormat.I420 ? 1 : frame.format().bytesPerPixel();
        // FFmpeg reads a packed frame as rows of stride bytes; give it exactly height rows.
        int rows = frame.format() == PixelFormat.I420 ? data.length : stride * frame.height();
        if (data.length < rows) {
            byte[] padded = new byte[rows];
            System.arraycopy(data, 0, padded, 0, data.length);
            data = padded;
        }
        // JavaCPP copies heap buffers anyway; a direct one is handed over as is.
        ByteBuffer buf = ByteBuffer.allocateDirect(rows);
        buf.put(data, 0, rows).flip();
        try {
            recorder.recordImage(frame.width(), frame.height(), Frame.DEPTH_UBYTE, channels, stride, avFormat, buf);
            frames++;
        } catch (Exception e) {
            failed = true;
            throw new VideoException(target, "encoding frame " + frames + " failed: " + e.getMessage(), e);
        }
    }

    /** Appends one frame. */
    public void write(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        ensureOpen();
        if (converter == null) {
            converter = new Java2DFrameConverter();
        }
        try {
            recorder.record(converter.convert(image));
            frames++;
        } catch (Exception e) {
            failed = true;
            throw new VideoException(target, "encoding frame " + frames + " failed: " + e.getMessage(), e);
        }
    }

    private static byte[] packedI420(RawFrame f) {
        int w = f.width();
        int h = f.height();
        int cw = (w + 1) / 2;
        int ch = (h + 1) / 2;
        if (f.stride() == w && f.chromaStride() == cw) {
            return f.data();
        }
        byte[] out = new byte[w * h + 2 * cw * ch];
        for (int y = 0; y < h; y++) {
            System.arraycopy(f.data(), y * f.stride(), out, y * w, w);
        }
        for (int y = 0; y < ch; y++) {
            System.arraycopy(f.data(), f.uOffset() + y * f.chromaStride(), out, w * h + y * cw, cw);
            System.arraycopy(f.data(), f.vOffset() + y * f.chromaStride(), out, w * h + cw * ch + y * cw, cw);
        }
        return out;
    }

    private void ensureOpen() {
        if (recorder == null) {
            throw new IllegalStateException("encoder for " + target + " is closed");
        }
    }

    /** Finishes the file and moves it into place (or deletes it if writing failed or no frame was written). */
    @Override
    public void close() {
        if (recorder == null) {
            return;
        }
        FFmpegFrameRecorder r = recorder;
        recorder = null;
        try {
            r.stop();
            r.release();
        } catch (Exception e) {
            failed = true;
            deleteQuietly(temp);
            throw new VideoException(target, "finishing the file failed: " + e.getMessage(), e);
        } finally {
            if (converter != null) {
                converter.close();
            }
        }
        if (failed || frames == 0) {
            deleteQuietly(temp);
            if (frames == 0 && !failed) {
                throw new VideoException(target, "no frames were written");
            }
            return;
        }
        try {
            AtomicFiles.moveIntoPlace(temp, target);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new VideoException(target, "cannot move the finished file into place: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
