/**
 * Images as mask4j takes them: {@link io.github.mask4j.image.ImageInput} (decoded images, encoded bytes, files,
 * crops), {@link io.github.mask4j.image.RawFrame} video frames in packed RGB variants or I420, regions, and the
 * {@link io.github.mask4j.image.Preprocessing} a model needs (size, normalisation, channel order, resize mode).
 */
package io.github.mask4j.image;
