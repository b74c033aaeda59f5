package io.github.mask4j.timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Merges time-ordered frames into runs of the same label: the one home of "frames to intervals" for recorded
 * rooms and video files. Stateless and thread-safe.
 */
public final class LabelRuns {
    private LabelRuns() {}

    /**
     * Runs of consecutive frames with the same label, in order.
     *
     * @param frames the frames, in time order
     * @param time a frame's time in milliseconds
     * @param label a frame's label
     * @param confidence a frame's confidence (averaged over each run)
     * @param end where each run ends
     */
    public static <F> List<LabelRun> merge(List<F> frames, ToLongFunction<? super F> time,
            Function<? super F, String> label, ToDoubleFunction<? super F> confidence, RunEnd end) {
        Objects.requireNonNull(end, "end");
        List<LabelRun> runs = new ArrayList<>();
        int i = 0;
        while (i < frames.size()) {
            String current = label.apply(frames.get(i));
            int j = i;
            double sum = 0;
            while (j < frames.size() && label.apply(frames.get(j)).equals(current)) {
                sum += confidence.applyAsDouble(frames.get(j));
                j++;
            }
            runs.add(new LabelRun(current, time.applyAsLong(frames.get(i)),
                    time.applyAsLong(frames.get(j - 1)) + end.periodMillis(), j - i, sum / (j - i)));
            i = j;
        }
        return runs;
    }
}
