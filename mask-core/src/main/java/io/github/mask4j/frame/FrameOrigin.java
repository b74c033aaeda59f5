package io.github.mask4j.frame;

import java.util.Objects;

/**
 * Who a frame came from: a room, a participant in it, and one of their video tracks. Sources that are not
 * rooms (a file, a camera) use their own names.
 *
 * <p>Immutable and thread-safe.
 *
 * @param room room name or sid (or a file name)
 * @param participant participant identity (or "camera")
 * @param track track name or sid
 */
public record FrameOrigin(String room, String participant, String track) {
    public FrameOrigin {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(participant, "participant");
        Objects.requireNonNull(track, "track");
    }

    @Override
    public String toString() {
        return room + "/" + participant + "/" + track;
    }
}
