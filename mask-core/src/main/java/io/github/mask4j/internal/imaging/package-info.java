/**
 * Not API. Image decoding and the preprocessing that writes normalised tensors straight from rasters and frames.
 */
package io.github.mask4j.internal.imaging;
