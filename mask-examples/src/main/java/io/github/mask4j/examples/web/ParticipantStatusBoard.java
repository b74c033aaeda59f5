package io.github.mask4j.examples.web;

import io.github.mask4j.classification.Classification;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest mask status per room participant, shown on the participant tiles of the web page. The demo's room
 * monitoring (frames relayed from the page, classified by mask-twilio's {@code RoomMonitor}) publishes here; the
 * page polls {@code GET /api/participants}.
 *
 * <p>Thread-safe.
 */
public final class ParticipantStatusBoard {
    /** {@link Status#state()} of a participant whose frames were classified. */
    public static final String CLASSIFIED = "classified";
    /** {@link Status#state()} while frames arrive but the classifier is not trained yet. */
    public static final String NOT_TRAINED = "not_trained";

    /**
     * One participant's latest status.
     *
     * @param identity participant identity
     * @param state {@link #CLASSIFIED} or {@link #NOT_TRAINED}
     * @param label the smoothed label (null unless classified)
     * @param confidence mean confidence of the recent frames that agree with {@code label}
     * @param frameLabel the latest frame's own label (null unless classified)
     * @param frameConfidence its confidence
     * @param timestampMillis time of the latest frame, on the sender's clock
     */
    public record Status(String identity, String state, String label, double confidence, String frameLabel,
            double frameConfidence, long timestampMillis) {
        public Status {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(state, "state");
        }
    }

    private final Map<String, Status> statuses = new ConcurrentHashMap<>();

    /** Records a status. */
    public void update(Status status) {
        statuses.put(status.identity(), status);
    }

    /** Records one classification of {@code identity}'s video, unsmoothed. */
    public void update(String identity, Classification classification, long timestampMillis) {
        update(new Status(identity, CLASSIFIED, classification.label(), classification.confidence(),
                classification.label(), classification.confidence(), timestampMillis));
    }

    /** Records that {@code identity}'s frames arrive but cannot be classified before training. */
    public void notTrained(String identity, long timestampMillis) {
        update(new Status(identity, NOT_TRAINED, null, 0, null, 0, timestampMillis));
    }

    /** Forgets a participant who left. */
    public void remove(String identity) {
        statuses.remove(identity);
    }

    /** Forgets everyone. */
    public void clear() {
        statuses.clear();
    }

    /** The status of one participant, or null. */
    public Status get(String identity) {
        return statuses.get(identity);
    }

    /** A snapshot, by identity. */
    public Map<String, Status> snapshot() {
        return new LinkedHashMap<>(statuses);
    }
}
