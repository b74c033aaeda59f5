package io.github.mask4j.examples.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mask4j.timeline.Smoothing;
import org.junit.jupiter.api.Test;

/** {@code serve --smoothing}: the accepted rules and clear errors for the rest. */
class ServeSmoothingTest {
    @Test
    void rulesParse() {
        assertThat(ServeCommand.parseSmoothing("majority:3")).isEqualTo(Smoothing.majority(3));
        assertThat(ServeCommand.parseSmoothing("Hysteresis:4")).isEqualTo(Smoothing.hysteresis(4));
        assertThat(ServeCommand.parseSmoothing("none")).isEqualTo(Smoothing.none());
        assertThat(ServeCommand.parseSmoothing("majority")).isEqualTo(Smoothing.majority(3));
    }

    @Test
    void badRulesNameTheProblem() {
        assertThatThrownBy(() -> ServeCommand.parseSmoothing("median:3")).hasMessageContaining("majority:N")
                .hasMessageContaining("median:3");
        assertThatThrownBy(() -> ServeCommand.parseSmoothing("majority:x")).hasMessageContaining("number");
        assertThatThrownBy(() -> ServeCommand.parseSmoothing("majority:0")).hasMessageContaining("1-100");
    }
}
