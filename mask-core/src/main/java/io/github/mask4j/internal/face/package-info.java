/**
 * Not API. An image decoded once for face detection and cropping (the decoding of detector outputs lives in
 * {@code io.github.mask4j.face}, beside the values it builds).
 */
package io.github.mask4j.internal.face;
