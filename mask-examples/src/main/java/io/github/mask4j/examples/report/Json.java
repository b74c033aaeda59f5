package io.github.mask4j.examples.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.mask4j.classification.ClassMetrics;
import io.github.mask4j.classification.Classification;
import io.github.mask4j.classification.Evaluation;
import io.github.mask4j.classification.LabelConfidence;
import io.github.mask4j.face.FaceResult;
import io.github.mask4j.face.Point;
import io.github.mask4j.face.TrackedFace;
import io.github.mask4j.image.Region;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes the command line prints (its documented contract), built as ordered maps.
 *
 * <p>Stateless and thread-safe.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

    private Json() {}

    /** One line of JSON. */
    public static String line(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * A failed input: {@code {"source": ..., "error": {"type": exception's simple class name, "message": ...}}}.
     */
    public static Map<String, Object> failure(String source, Exception error) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", error.getClass().getSimpleName());
        e.put("message", error.getMessage());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("error", e);
        return m;
    }

    /**
     * {@code {"source","label","confidence","unsure","predictions":[{"label","confidence"}]}}; {@code unsure} is
     * true when the confidence is under the classifier's "not sure" threshold.
     */
    public static Map<String, Object> classification(Classification c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", c.source());
        m.put("label", c.label());
        m.put("confidence", round(c.confidence()));
        m.put("unsure", c.unsure());
        m.put("predictions", predictions(c));
        return m;
    }

    public static List<Map<String, Object>> predictions(Classification c) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (LabelConfidence p : c.predictions()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("label", p.label());
            e.put("confidence", round(p.confidence()));
            list.add(e);
        }
        return list;
    }

    /** {@code {"box":[x,y,w,h],"score","label","confidence"}} (plus {@code "landmarks":[[x,y],...]} from YuNet). */
    public static Map<String, Object> face(FaceResult f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("box", box(f.box()));
        m.put("score", round(f.detectionScore()));
        m.put("label", f.label());
        m.put("confidence", round(f.confidence()));
        landmarks(f, m);
        return m;
    }

    /**
     * A tracked face in a video frame: {@code {"id","box","score","label","confidence","frameLabel",
     * "frameConfidence"}}, where {@code label}/{@code confidence} are smoothed over the track's recent frames and
     * {@code frameLabel}/{@code frameConfidence} are this frame's own.
     */
    public static Map<String, Object> trackedFace(TrackedFace t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("box", box(t.face().box()));
        m.put("score", round(t.face().detectionScore()));
        m.put("label", t.label());
        m.put("confidence", round(t.confidence()));
        m.put("frameLabel", t.face().label());
        m.put("frameConfidence", round(t.face().confidence()));
        landmarks(t.face(), m);
        return m;
    }

    private static void landmarks(FaceResult f, Map<String, Object> m) {
        if (!f.landmarks().isEmpty()) {
            List<double[]> points = new ArrayList<>();
            for (Point p : f.landmarks()) {
                points.add(new double[] {round1(p.x()), round1(p.y())});
            }
            m.put("landmarks", points);
        }
    }

    /** {@code [x, y, width, height]} in pixels, one decimal. */
    public static double[] box(Region r) {
        return new double[] {round1(r.x()), round1(r.y()), round1(r.width()), round1(r.height())};
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** {@code {"accuracy","perClass":{label:{precision,recall,f1,support}},"labels","confusion"}}. */
    public static Map<String, Object> evaluation(Evaluation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accuracy", round(e.accuracy()));
        Map<String, Object> per = new LinkedHashMap<>();
        for (Map.Entry<String, ClassMetrics> c : e.perClass().entrySet()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("precision", round(c.getValue().precision()));
            x.put("recall", round(c.getValue().recall()));
            x.put("f1", round(c.getValue().f1()));
            x.put("support", c.getValue().support());
            per.put(c.getKey(), x);
        }
        m.put("perClass", per);
        m.put("labels", e.labels());
        m.put("confusion", e.confusion());
        return m;
    }

    /** Four decimals are plenty for a person and keep lines short. */
    public static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
