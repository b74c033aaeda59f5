package io.github.mask4j.examples.web;

import io.github.mask4j.classification.Classification;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest mask status per room participant, shown on the participant tiles of the web page. Anything that
 * classifies participants' frames (such as mask-twilio's room monitoring) publishes here with
 * {@link #update(String, Classification, long)}; the page polls {@code GET /api/participants}.
 *
 * <p>Thread-safe.
 */
public final class ParticipantStatusBoard {
    /** One participant's latest result. */
    public record Status(String identity, String label, double confidence, long timestampMillis) {}

    private final Map<String, Status> statuses = new ConcurrentHashMap<>();

    /** Records the latest classification of {@code identity}'s video. */
    public void update(String identity, Classification classification, long timestampMillis) {
        statuses.put(identity, new Status(identity, classification.label(), classification.confidence(),
                timestampMillis));
    }

    /** Forgets a participant who left. */
    public void remove(String identity) {
        statuses.remove(identity);
    }

    /** A snapshot, by identity. */
    public Map<String, Status> snapshot() {
        return new LinkedHashMap<>(statuses);
    }
}
