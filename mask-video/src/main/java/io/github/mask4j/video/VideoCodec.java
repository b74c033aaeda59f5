package io.github.mask4j.video;

/**
 * Video codecs {@link VideoEncoder} can write.
 *
 * <p>Enum constants are immutable and thread-safe.
 */
public enum VideoCodec {
    /** VP8 (libvpx), for MKV and WebM. */
    VP8,
    /** H.264 (OpenH264), for MKV and MP4. */
    H264,
    /** Uncompressed YUV 4:2:0, for {@code .y4m} files such as Chromium's fake camera reads. */
    RAW_I420
}
