package io.github.mask4j.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mask4j.twilio.monitor.Smoothing;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmoothingTest {
    private static List<String> run(Smoothing s, String... labels) {
        Smoothing.Smoother sm = s.newSmoother();
        List<String> out = new ArrayList<>();
        for (String l : labels) {
            out.add(sm.accept(l, 0.9));
        }
        return out;
    }

    @Test
    void majorityIgnoresSingleOddFrames() {
        assertThat(run(Smoothing.majority(3), "m", "u", "m", "m", "u", "u", "u"))
                .containsExactly("m", "m", "m", "m", "m", "u", "u");
    }

    @Test
    void hysteresisNeedsConsecutiveFrames() {
        assertThat(run(Smoothing.hysteresis(3), "m", "u", "u", "m", "u", "u", "u", "m"))
                .containsExactly("m", "m", "m", "m", "m", "m", "u", "u");
    }

    @Test
    void lowConfidenceFramesAreSkipped() {
        Smoothing.Smoother sm = Smoothing.none().withMinConfidence(0.7).newSmoother();
        assertThat(sm.accept("m", 0.9)).isEqualTo("m");
        assertThat(sm.accept("u", 0.6)).isEqualTo("m");
        assertThat(sm.accept("u", 0.8)).isEqualTo("u");
    }
}
