package io.github.mask4j.examples.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.mask4j.classification.ClassMetrics;
import io.github.mask4j.classification.Classification;
import io.github.mask4j.classification.Evaluation;
import io.github.mask4j.classification.LabelConfidence;
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

    /** {@code {"source","label","confidence","predictions":[{"label","confidence"}]}}. */
    public static Map<String, Object> classification(Classification c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", c.source());
        m.put("label", c.label());
        m.put("confidence", round(c.confidence()));
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
