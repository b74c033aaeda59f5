package io.github.mask4j.examples.web;

import io.github.mask4j.classification.Classification;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest mask status per participant's video track (a participant sharing camera and screen has two), shown on
 * the page's tiles, one per track. The demo's room
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
     * One video track's latest status.
     *
     * @param identity participant identity
     * @param track the track's name
     * @param state {@link #CLASSIFIED} or {@link #NOT_TRAINED}
     * @param label the smoothed label (null unless classified)
     * @param confidence mean confidence of the recent frames that agree with {@code label}
     * @param frameLabel the latest frame's own label (null unless classified)
     * @param frameConfidence its confidence
     * @param timestampMillis time of the latest frame, on the sender's clock
     */
    public record Status(String identity, String track, String state, String label, double confidence, String frameLabel,
            double frameConfidence, long timestampMillis) {
        public Status {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(track, "track");
            Objects.requireNonNull(state, "state");
        }
    }

    /**
     * Edge mode: how a track's labels, computed in the sender's browser, fared against the server's own
     * classification of the frames it spot-checked.
     *
     * @param identity participant identity
     * @param track the track's name
     * @param verified frames checked so far
     * @param agreed of those, frames the server labelled the same
     * @param flagged whether the track disagrees beyond the demo's threshold
     */
    public record Check(String identity, String track, long verified, long agreed, boolean flagged) {
        /** Share of checked frames with the same label. */
        public double agreement() {
            return verified == 0 ? 1 : (double) agreed / verified;
        }
    }

    private final Map<String, Status> statuses = new ConcurrentHashMap<>();
    private final Map<String, Check> checks = new ConcurrentHashMap<>();

    private static String key(String identity, String track) {
        return identity + "/" + track;
    }

    /** Records a status. */
    public void update(Status status) {
        statuses.put(key(status.identity(), status.track()), status);
    }

    /** Records one classification of {@code identity}'s {@code track}, unsmoothed. */
    public void update(String identity, String track, Classification classification, long timestampMillis) {
        update(new Status(identity, track, CLASSIFIED, classification.label(), classification.confidence(),
                classification.label(), classification.confidence(), timestampMillis));
    }

    /** Records that a track's frames arrive but cannot be classified before training. */
    public void notTrained(String identity, String track, long timestampMillis) {
        update(new Status(identity, track, NOT_TRAINED, null, 0, null, 0, timestampMillis));
    }

    /** Records the latest spot check of a track with edge labels. */
    public void check(Check check) {
        checks.put(key(check.identity(), check.track()), check);
    }

    /** Forgets a track that ended. */
    public void remove(String identity, String track) {
        statuses.remove(key(identity, track));
        checks.remove(key(identity, track));
    }

    /** Forgets everyone. */
    public void clear() {
        statuses.clear();
        checks.clear();
    }

    /** The latest spot check of one track with edge labels, or null. */
    public Check checkOf(String identity, String track) {
        return checks.get(key(identity, track));
    }

    /** The spot checks of tracks with edge labels, by {@code identity/track}. */
    public Map<String, Check> checks() {
        return new java.util.TreeMap<>(checks);
    }

    /** The status of one track, or null. */
    public Status get(String identity, String track) {
        return statuses.get(key(identity, track));
    }

    /** A snapshot, by {@code identity/track}. */
    public Map<String, Status> snapshot() {
        return new java.util.TreeMap<>(statuses);
    }
}
