package io.github.mask4j.face;

import io.github.mask4j.image.Region;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Turns the raw outputs of the face detectors into faces in image pixels: thresholding, decoding (YuNet) and
 * hard non-maximum suppression. Package-private: it builds this package's {@link Face} values, so it lives beside
 * them. Stateless and thread-safe.
 */
final class FaceDecoding {
    /** Candidates kept before NMS, best first (the opencv_zoo demo's top_k), so NMS stays bounded. */
    static final int MAX_CANDIDATES = 5000;
    private static final int[] YUNET_STRIDES = {8, 16, 32};

    private FaceDecoding() {}

    /** A face before clipping and NMS, in image pixels. */
    record Candidate(double x1, double y1, double x2, double y2, double score, String label, double[] landmarks) {
        double iou(Candidate o) {
            return Region.iou(x1, y1, x2, y2, o.x1, o.y1, o.x2, o.y2);
        }
    }

    /** The output names a model's decoding reads. */
    public static List<String> outputs(FaceModel model) {
        if (model != FaceModel.YUNET) {
            return List.of("scores", "boxes");
        }
        List<String> names = new ArrayList<>();
        for (int s : YUNET_STRIDES) {
            names.addAll(List.of("cls_" + s, "obj_" + s, "bbox_" + s, "kps_" + s));
        }
        return names;
    }

    /**
     * Decodes one image's outputs. {@code inputW x inputH} is the network input; {@code imageW x imageH} the
     * image the whole-frame squash came from, which the boxes are scaled back to.
     */
    public static List<Face> decode(FaceModel model, Map<String, float[]> out, int inputW, int inputH,
            double imageW, double imageH, double threshold, double nmsIou, int maxFaces) {
        List<Candidate> candidates = switch (model) {
            case ULTRAFACE_RFB_320, MASKED_FACE_RFB_640 -> ultraFace(out, imageW, imageH, threshold,
                    model == FaceModel.MASKED_FACE_RFB_640);
            case YUNET -> yunet(out, inputW, inputH, imageW / inputW, imageH / inputH,
                    threshold);
        };
        List<Candidate> kept = nms(candidates, nmsIou, maxFaces);
        List<Face> faces = new ArrayList<>(kept.size());
        for (Candidate c : kept) {
            Region box = clip(c, imageW, imageH);
            if (box == null) {
                continue;
            }
            List<Point> landmarks = new ArrayList<>();
            if (c.landmarks() != null) {
                for (int j = 0; j + 1 < c.landmarks().length; j += 2) {
                    landmarks.add(new Point(c.landmarks()[j], c.landmarks()[j + 1]));
                }
            }
            faces.add(new Face(box, c.score(), landmarks, c.label()));
        }
        return faces;
    }

    private static Region clip(Candidate c, double w, double h) {
        double x1 = Math.max(0, c.x1());
        double y1 = Math.max(0, c.y1());
        double x2 = Math.min(w, c.x2());
        double y2 = Math.min(h, c.y2());
        if (x2 - x1 < 1 || y2 - y1 < 1) {
            return null;
        }
        return new Region(x1, y1, x2 - x1, y2 - y1);
    }

    /** UltraFace: softmaxed scores and normalised corner boxes; the masked model has classes face/masked_face. */
    static List<Candidate> ultraFace(Map<String, float[]> out, double imageW, double imageH, double threshold,
            boolean masked) {
        float[] scores = out.get("scores");
        float[] boxes = out.get("boxes");
        int classes = masked ? 3 : 2;
        int n = boxes.length / 4;
        if (scores.length != n * classes) {
            throw new IllegalStateException("face detector gave " + scores.length + " scores for " + n
                    + " boxes, expected " + classes + " classes");
        }
        List<Candidate> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float face = scores[i * classes + 1];
            String label = FaceModel.FACE;
            float score = face;
            if (masked) {
                // Argmax over the two face classes, so one person gets one box (NMS is class-agnostic).
                float maskedFace = scores[i * classes + 2];
                if (maskedFace > face) {
                    score = maskedFace;
                    label = FaceModel.MASKED_FACE;
                }
            }
            if (score <= threshold) {
                continue;
            }
            int b = i * 4;
            list.add(new Candidate(boxes[b] * imageW, boxes[b + 1] * imageH, boxes[b + 2] * imageW,
                    boxes[b + 3] * imageH, score, label, null));
        }
        return list;
    }

    /** YuNet: per stride, score = sqrt(cls * obj), boxes and landmarks relative to the anchor cell. */
    static List<Candidate> yunet(Map<String, float[]> out, int inputW, int inputH, double sx, double sy,
            double threshold) {
        List<Candidate> list = new ArrayList<>();
        for (int s : YUNET_STRIDES) {
            int cols = inputW / s;
            int rows = inputH / s;
            int n = cols * rows;
            float[] cls = out.get("cls_" + s);
            float[] obj = out.get("obj_" + s);
            float[] bbox = out.get("bbox_" + s);
            float[] kps = out.get("kps_" + s);
            if (cls.length != n || obj.length != n || bbox.length != 4 * n || kps.length != 10 * n) {
                throw new IllegalStateException("YuNet stride " + s + " outputs do not match a " + inputW + "x"
                        + inputH + " input (" + cls.length + " scores for " + n + " anchors)");
            }
            for (int i = 0; i < n; i++) {
                double score = Math.sqrt(clamp01(cls[i]) * clamp01(obj[i]));
                if (score <= threshold) {
                    continue;
                }
                int r = i / cols;
                int c = i % cols;
                double cx = (c + bbox[4 * i]) * s;
                double cy = (r + bbox[4 * i + 1]) * s;
                double w = Math.exp(bbox[4 * i + 2]) * s;
                double h = Math.exp(bbox[4 * i + 3]) * s;
                double[] lm = new double[10];
                for (int j = 0; j < 5; j++) {
                    lm[2 * j] = (kps[10 * i + 2 * j] + c) * s * sx;
                    lm[2 * j + 1] = (kps[10 * i + 2 * j + 1] + r) * s * sy;
                }
                list.add(new Candidate((cx - w / 2) * sx, (cy - h / 2) * sy, (cx + w / 2) * sx, (cy + h / 2) * sy,
                        score, FaceModel.FACE, lm));
            }
        }
        return list;
    }

    private static double clamp01(float v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }

    /** Hard NMS: best first, dropping any box overlapping a kept one by more than {@code iou}. */
    static List<Candidate> nms(List<Candidate> candidates, double iou, int maxKept) {
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(Candidate::score).reversed());
        if (sorted.size() > MAX_CANDIDATES) {
            sorted = sorted.subList(0, MAX_CANDIDATES);
        }
        List<Candidate> kept = new ArrayList<>();
        for (Candidate c : sorted) {
            if (kept.size() >= maxKept) {
                break;
            }
            if (!(c.x2() > c.x1()) || !(c.y2() > c.y1())) {
                continue;
            }
            boolean suppressed = false;
            for (Candidate k : kept) {
                if (k.iou(c) > iou) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) {
                kept.add(c);
            }
        }
        return kept;
    }
}
