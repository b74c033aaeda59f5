/**
 * Frames over time, the common currency of video adapters: a {@link io.github.mask4j.frame.Frame} is an image
 * with a timestamp and a {@link io.github.mask4j.frame.FrameOrigin}, and a {@link
 * io.github.mask4j.frame.FrameSource} produces them (files, recordings, the live relay).
 */
package io.github.mask4j.frame;
