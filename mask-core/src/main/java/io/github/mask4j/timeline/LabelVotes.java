package io.github.mask4j.timeline;

import java.util.HashMap;
import java.util.Map;

/**
 * Majority smoothing of labels, the one rule behind the face tracker's shown label and the room monitor's
 * majority smoothing: over a window of recent labels, the shown label changes to the most frequent one only when
 * that one has strictly more votes than the shown label and at least a minimum number of votes, so one odd frame
 * does not flip it. Stateless and thread-safe.
 */
public final class LabelVotes {
    private LabelVotes() {}

    /**
     * The label to show after a window of votes.
     *
     * @param window the recent labels (any order; only the counts matter)
     * @param shown the label shown now, or {@code null} when none is yet (then the most voted label wins)
     * @param minVotes votes a new label needs to replace the shown one (1 for a plain majority)
     * @return the label to show: {@code shown} unless another label out-votes it with at least {@code minVotes}
     */
    public static String winner(Iterable<String> window, String shown, int minVotes) {
        Map<String, Integer> votes = new HashMap<>();
        for (String label : window) {
            votes.merge(label, 1, Integer::sum);
        }
        String best = shown;
        int bestVotes = shown == null ? 0 : votes.getOrDefault(shown, 0);
        for (Map.Entry<String, Integer> e : votes.entrySet()) {
            if (e.getValue() > bestVotes) {
                best = e.getKey();
                bestVotes = e.getValue();
            }
        }
        return best != null && !best.equals(shown) && bestVotes >= minVotes ? best : shown;
    }
}
