package io.github.mask4j.kafka.codec;

import io.github.mask4j.frame.FrameOrigin;

/**
 * What a worker made of one frames-topic record, as written (JSON) to the results topic: every record gets
 * exactly one result, a label ({@link Status#OK}), an error ({@link Status#ERROR}: the record could not be
 * decoded or classified) or {@link Status#STALE} (older than the worker's maximum age, skipped).
 *
 * <p>Immutable and thread-safe.
 *
 * @param room room, or null when the record could not be decoded
 * @param participant participant identity, or null when the record could not be decoded
 * @param track track, or null when the record could not be decoded
 * @param sequence the frame's number in its track (-1 when undecodable)
 * @param timestampMillis frame time on the source's clock (-1 when undecodable)
 * @param status what happened
 * @param label the frame's label (OK only; {@code "not sure"} under the classifier's not-sure threshold)
 * @param confidence its confidence (OK only, else 0)
 * @param modelVersion the classifier version that labelled it (null when none was used)
 * @param error why there is no label (ERROR and STALE only)
 * @param partition frames-topic partition of the record
 * @param offset frames-topic offset of the record
 * @param publishedAtMillis the record's timestamp (when it was published, wall clock)
 * @param classifiedAtMillis when the worker finished the batch (wall clock)
 * @param worker the worker's id
 */
public record FrameResult(String room, String participant, String track, long sequence, long timestampMillis,
        Status status, String label, double confidence, String modelVersion, String error, int partition,
        long offset, long publishedAtMillis, long classifiedAtMillis, String worker) {

    /** How a record ended. */
    public enum Status { OK, ERROR, STALE }

    /** The frame's origin, or null when the record could not be decoded. */
    public FrameOrigin origin() {
        return room == null ? null : FrameOrigin.track(room, participant, track);
    }
}
