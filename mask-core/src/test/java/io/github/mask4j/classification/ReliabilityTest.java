package io.github.mask4j.classification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.mask4j.internal.nn.Calibration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Calibration figures and temperature scaling on predictions whose true calibration is known. */
class ReliabilityTest {

    private static Classification said(double confidence) {
        return new Classification("x", List.of(new LabelConfidence("a", confidence),
                new LabelConfidence("b", 1 - confidence)));
    }

    @Test
    void eceIsTheWeightedGapBetweenConfidenceAndAccuracy() {
        // four answers at 0.95 of which two are right (gap 0.45), four at 0.75 all right (gap 0.25)
        List<Classification> results = new ArrayList<>();
        List<String> truth = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(said(0.95));
            truth.add(i < 2 ? "a" : "b");
            results.add(said(0.75));
            truth.add("a");
        }
        Reliability r = Reliability.of(results, truth, 10);
        assertThat(r.expectedCalibrationError()).isCloseTo(0.5 * 0.45 + 0.5 * 0.25, within(1e-9));
        assertThat(r.bins()).hasSize(10);
        assertThat(r.bins().get(9).count()).isEqualTo(4);
        assertThat(r.bins().get(9).accuracy()).isEqualTo(0.5);
        assertThat(r.bins().get(7).meanConfidence()).isCloseTo(0.75, within(1e-9));
    }

    @Test
    void temperatureScalingSoftensAnOverconfidentHeadUntilItIsCalibrated() {
        // a head that says 0.99 but is right 80 % of the time
        SplittableRandom random = new SplittableRandom(1);
        int n = 2000;
        float[][] probs = new float[n][];
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            probs[i] = new float[] {0.99f, 0.01f};
            truth[i] = random.nextDouble() < 0.8 ? 0 : 1;
        }
        double t = Calibration.fit(probs, truth);
        assertThat(t).isGreaterThan(1);
        float[] scaled = Calibration.apply(probs[0].clone(), t);
        assertThat((double) scaled[0]).isCloseTo(0.8, within(0.03));
        // the label never changes
        assertThat(scaled[0]).isGreaterThan(scaled[1]);
    }
}
