package io.github.mask4j.video.internal;

import org.bytedeco.ffmpeg.global.avutil;

/**
 * One-time FFmpeg setup: keep its console chatter down to errors.
 *
 * <p>Thread-safe.
 */
public final class Ffmpeg {
    private static volatile boolean initialised;

    private Ffmpeg() {}

    public static void init() {
        if (initialised) {
            return;
        }
        synchronized (Ffmpeg.class) {
            if (!initialised) {
                avutil.av_log_set_level(avutil.AV_LOG_ERROR);
                initialised = true;
            }
        }
    }
}
