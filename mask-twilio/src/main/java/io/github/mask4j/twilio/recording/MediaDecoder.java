package io.github.mask4j.twilio.recording;

import io.github.mask4j.frame.FrameSource;
import io.github.mask4j.video.VideoFileSource;
import java.nio.file.Path;

/**
 * Opens a downloaded media file as frames sampled at a rate, with timestamps in milliseconds from the file's start.
 *
 * <p>Implementations must be thread-safe (open may be called from several threads); each returned source is used
 * by one thread.
 */
@FunctionalInterface
public interface MediaDecoder {
    FrameSource open(Path media, double framesPerSecond);

    /** FFmpeg through mask-video: VP8 and H.264 in MKV (what Twilio records), MP4, WebM. */
    static MediaDecoder ffmpeg() {
        return VideoFileSource::open;
    }
}
