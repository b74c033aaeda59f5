/**
 * Faces in a frame: {@link io.github.mask4j.face.FaceDetector} finds them with an ONNX face detector (UltraFace
 * or YuNet), {@link io.github.mask4j.face.MaskDetector} classifies each face with a classifier or the
 * masked-face detector, and {@link io.github.mask4j.face.FaceTracker} follows faces across frames with smoothed
 * labels.
 */
package io.github.mask4j.face;
