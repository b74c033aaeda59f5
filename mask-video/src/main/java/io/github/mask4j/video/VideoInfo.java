package io.github.mask4j.video;

/**
 * What a video file's container says about its video stream.
 *
 * <p>Immutable and thread-safe.
 *
 * @param format container format as FFmpeg names it (such as "mov,mp4,m4a,3gp,3g2,mj2" or "matroska,webm")
 * @param codec video codec name (such as "h264" or "vp8")
 * @param width frame width in pixels
 * @param height frame height in pixels
 * @param frameRate nominal frames per second (0 when the container does not say)
 * @param durationMillis duration in milliseconds (0 when the container does not say)
 */
public record VideoInfo(String format, String codec, int width, int height, double frameRate, long durationMillis) {}
