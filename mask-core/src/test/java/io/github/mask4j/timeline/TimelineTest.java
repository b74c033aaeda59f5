package io.github.mask4j.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared rules for labels over time: majority votes and merging frames into runs. */
class TimelineTest {

    record F(long t, String label, double confidence) {}

    @Test
    void aNewLabelNeedsMoreVotesThanTheShownOneAndTheMinimum() {
        assertThat(LabelVotes.winner(List.of("mask"), null, 1)).isEqualTo("mask");
        assertThat(LabelVotes.winner(List.of("mask", "no_mask", "no_mask"), "mask", 1)).isEqualTo("no_mask");
        // a tie keeps the shown label
        assertThat(LabelVotes.winner(List.of("mask", "no_mask"), "mask", 1)).isEqualTo("mask");
        // the minimum holds even against a majority
        assertThat(LabelVotes.winner(List.of("mask", "no_mask", "no_mask"), "mask", 3)).isEqualTo("mask");
        assertThat(LabelVotes.winner(List.of("no_mask", "no_mask", "no_mask", "mask"), "mask", 3))
                .isEqualTo("no_mask");
        assertThat(LabelVotes.winner(List.of(), null, 1)).isNull();
    }

    @Test
    void runsEndAtTheLastFrameOrOnePeriodAfterIt() {
        List<F> frames = List.of(new F(0, "a", 0.9), new F(500, "a", 0.7), new F(1000, "b", 0.6),
                new F(1500, "a", 1.0));
        List<LabelRun> inclusive = LabelRuns.merge(frames, F::t, F::label, F::confidence, RunEnd.atLastFrame());
        assertThat(inclusive).containsExactly(new LabelRun("a", 0, 500, 2, 0.8), new LabelRun("b", 1000, 1000, 1, 0.6),
                new LabelRun("a", 1500, 1500, 1, 1.0));
        List<LabelRun> exclusive = LabelRuns.merge(frames, F::t, F::label, F::confidence, RunEnd.afterLastFrame(500));
        assertThat(exclusive).extracting(LabelRun::endMillis).containsExactly(1000L, 1500L, 2000L);
        // exclusive runs tile the time with no gap: each ends where the next starts
        for (int i = 1; i < exclusive.size(); i++) {
            assertThat(exclusive.get(i).startMillis()).isEqualTo(exclusive.get(i - 1).endMillis());
        }
        assertThat(RunEnd.atLastFrame().inclusive()).isTrue();
        assertThat(LabelRuns.merge(List.<F>of(), F::t, F::label, F::confidence, RunEnd.atLastFrame())).isEmpty();
    }
}
