package io.github.mask4j.kafka.publish;

import io.github.mask4j.frame.Frame;
import io.github.mask4j.frame.FrameOrigin;
import io.github.mask4j.frame.FrameSource;
import io.github.mask4j.twilio.recording.MediaDecoder;
import io.github.mask4j.twilio.recording.NotVideoRecordingException;
import io.github.mask4j.twilio.recording.TrackRecording;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A frame source played as one room track: its frames get {@code origin} (the frames topic's key) and their
 * timestamps move by a fixed offset. For a video file, or a downloaded recording
 * ({@link #recording(TrackRecording, Path, MediaDecoder, double)}), published with
 * {@link FramePublisher#publishAll(FrameSource)} instead of classified in-process.
 *
 * <p>Not thread-safe, like the source it wraps (one consumer); {@link #close()} closes the source.
 */
public final class TrackFrames implements FrameSource {
    private final FrameSource source;
    private final FrameOrigin origin;
    private final long shiftMillis;

    private TrackFrames(FrameSource source, FrameOrigin origin, long shiftMillis) {
        this.source = Objects.requireNonNull(source, "source");
        this.origin = Objects.requireNonNull(origin, "origin");
        this.shiftMillis = shiftMillis;
    }

    /** The frames of {@code source} as track {@code origin}, timestamps shifted by {@code shiftMillis}. */
    public static TrackFrames of(FrameSource source, FrameOrigin origin, long shiftMillis) {
        return new TrackFrames(source, origin, shiftMillis);
    }

    /**
     * A downloaded recording's frames (decoded at {@code framesPerSecond}) as track room sid / participant sid /
     * track name, timestamps on the room's clock (the recording's offset plus the frame's time in the file).
     *
     * @throws NotVideoRecordingException if the recording is not a video track's
     */
    public static TrackFrames recording(TrackRecording recording, Path media, MediaDecoder decoder,
            double framesPerSecond) {
        if (!recording.isVideo()) {
            throw new NotVideoRecordingException("recording " + recording.sid() + " is " + recording.type()
                    + ", not video: nothing to publish");
        }
        FrameOrigin origin = FrameOrigin.track(recording.roomSid(), recording.participantSid(), recording.trackName());
        return new TrackFrames(decoder.open(media, framesPerSecond), origin, recording.offsetMillis());
    }

    public FrameOrigin origin() {
        return origin;
    }

    @Override
    public Optional<Frame> next(Duration timeout) throws InterruptedException {
        return source.next(timeout).map(f -> new Frame(origin, f.timestampMillis() + shiftMillis, f.image()));
    }

    @Override
    public boolean isFinished() {
        return source.isFinished();
    }

    @Override
    public void close() {
        source.close();
    }

    @Override
    public String toString() {
        return "TrackFrames[" + origin + "]";
    }
}
