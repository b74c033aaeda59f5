/**
 * Not API. Decoding the raw outputs of face-detector models into boxes, landmarks and scores.
 */
package io.github.mask4j.internal.face;
