package io.github.mask4j.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void aSmootherRestoredFromItsSnapshotCarriesOnExactlyAsTheOriginal() {
        String[] labels = {"m", "u", "u", "m", "u", "u", "u", "m", "m", "u", "m", "m", "m"};
        for (Smoothing rule : List.of(Smoothing.majority(4), Smoothing.hysteresis(3), Smoothing.none())) {
            List<String> whole = run(rule, labels);
            // a state store's round trip after every frame: snapshot, forget the smoother, restore
            List<String> restored = new ArrayList<>();
            Smoothing.Smoother.Snapshot saved = null;
            for (String l : labels) {
                Smoothing.Smoother sm = saved == null ? rule.newSmoother() : rule.restore(saved);
                restored.add(sm.accept(l, 0.9));
                saved = sm.snapshot();
            }
            assertThat(restored).as(rule.toString()).isEqualTo(whole);
        }
        Smoothing.Smoother.Snapshot wide = new Smoothing.Smoother.Snapshot("m", List.of("m", "m", "u", "u", "m"),
                null, 0);
        assertThatThrownBy(() -> Smoothing.majority(3).restore(wide)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rule that made it");
    }
}
