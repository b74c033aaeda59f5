package io.github.mask4j.twilio.recording;

import io.github.mask4j.timeline.LabelRuns;
import io.github.mask4j.timeline.RunEnd;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the classifier saw of one participant's video track over a recorded room (a participant publishing camera and
 * screen share has one timeline per track): the per-frame predictions and the labelled intervals they form, all on
 * the room's clock.
 *
 * <p>Immutable and thread-safe.
 *
 * @param participantSid participant sid
 * @param identity participant identity (the sid when the identity is unknown)
 * @param trackName the recorded track's name (e.g. {@code camera}, {@code screen})
 * @param recordingSids the video recordings used
 * @param frames predictions in time order
 * @param intervals consecutive frames with the same label, merged
 */
public record ParticipantTimeline(String participantSid, String identity, String trackName, List<String> recordingSids,
        List<FramePrediction> frames, List<LabelledInterval> intervals) {
    public ParticipantTimeline {
        Objects.requireNonNull(participantSid, "participantSid");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(trackName, "trackName");
        recordingSids = List.copyOf(recordingSids);
        frames = List.copyOf(frames);
        intervals = List.copyOf(intervals);
    }

    /**
     * Builds the intervals from time-ordered predictions.
     *
     * @param periodMillis sampling period, the length of the last frame of each interval
     */
    public static ParticipantTimeline of(String participantSid, String identity, String trackName,
            List<String> recordingSids,
            List<FramePrediction> frames, long periodMillis) {
        List<LabelledInterval> intervals = LabelRuns.merge(frames, FramePrediction::roomMillis, FramePrediction::label,
                FramePrediction::confidence, RunEnd.afterLastFrame(periodMillis)).stream()
                .map(r -> new LabelledInterval(r.startMillis(), r.endMillis(), r.label(), r.frames(),
                        r.meanConfidence()))
                .toList();
        return new ParticipantTimeline(participantSid, identity, trackName, recordingSids, frames, intervals);
    }

    /** The label at a time on the room's clock, if an interval covers it. */
    public Optional<String> labelAt(long roomMillis) {
        for (LabelledInterval in : intervals) {
            if (roomMillis >= in.startMillis() && roomMillis < in.endMillis()) {
                return Optional.of(in.label());
            }
        }
        return Optional.empty();
    }
}
