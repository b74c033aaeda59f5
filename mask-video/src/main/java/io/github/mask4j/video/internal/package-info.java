/**
 * Not API. The thin layer over JavaCV's FFmpeg bindings.
 */
package io.github.mask4j.video.internal;
