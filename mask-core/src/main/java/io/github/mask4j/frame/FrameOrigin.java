package io.github.mask4j.frame;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Who a frame came from: a room, a participant in it, and one of their video tracks
 * ({@link #track(String, String, String)}), or a video file ({@link #file(Path)}).
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

    /** Name that stands for participant and track when the frames come from a file. */
    public static final String FILE_TRACK = "video";

    /** A participant's video track in a room. */
    public static FrameOrigin track(String room, String participant, String track) {
        return new FrameOrigin(room, participant, track);
    }

    /** A video file: the file's name, and {@value #FILE_TRACK} as participant and track. */
    public static FrameOrigin file(Path file) {
        Objects.requireNonNull(file, "file");
        return new FrameOrigin(String.valueOf(file.getFileName()), FILE_TRACK, FILE_TRACK);
    }

    @Override
    public String toString() {
        return room + "/" + participant + "/" + track;
    }
}
