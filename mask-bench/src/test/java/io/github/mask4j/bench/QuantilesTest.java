package io.github.mask4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class QuantilesTest {

    @Test
    void nearestRankOfOneToAHundred() {
        long[] hundred = LongStream.rangeClosed(1, 100).toArray();
        assertThat(Quantiles.of(hundred, 0.99)).isEqualTo(99);
        assertThat(Quantiles.of(hundred, 0.5)).isEqualTo(50);
        assertThat(Quantiles.of(hundred, 1)).isEqualTo(100);
        assertThat(Quantiles.of(hundred, 0)).isEqualTo(1);
        assertThat(Quantiles.of(new double[] {0.5, 1.5, 2.5}, 0.5)).isEqualTo(1.5);
        assertThat(Quantiles.of(new long[] {7}, 0.99)).isEqualTo(7);
    }

    @Test
    void noSamplesGiveNotANumberAndAQuantileOutsideZeroToOneIsRefused() {
        assertThat(Quantiles.of(new double[0], 0.9)).isNaN();
        assertThatThrownBy(() -> Quantiles.of(new long[] {1}, 99)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("in [0, 1], got 99");
    }
}
