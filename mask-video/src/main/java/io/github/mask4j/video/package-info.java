/**
 * Video files as frame sources and an encoder: {@link io.github.mask4j.video.VideoFileSource} decodes MP4, WebM
 * and MKV (H.264, VP8) into frames, and {@link io.github.mask4j.video.VideoEncoder} writes them, through
 * JavaCV's FFmpeg for linux-x86_64.
 */
package io.github.mask4j.video;
