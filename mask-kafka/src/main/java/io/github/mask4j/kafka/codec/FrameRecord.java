package io.github.mask4j.kafka.codec;

import io.github.mask4j.frame.Frame;
import io.github.mask4j.frame.FrameOrigin;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.image.RawFrame;
import java.util.Objects;

/**
 * One frame as it travels on the frames topic: where it came from, when, its number in its track, and the
 * pixels, either encoded (JPEG, PNG) or raw ({@link RawFrame}).
 *
 * <p>Immutable and thread-safe (see {@link ImageInput} on the pixels).
 *
 * @param origin room, participant and track
 * @param timestampMillis frame time on the source's clock
 * @param sequence the frame's number in its track, counted by the publisher from 0
 * @param image {@link ImageInput.Encoded} or {@link RawFrame}
 */
public record FrameRecord(FrameOrigin origin, long timestampMillis, long sequence, ImageInput image) {
    public FrameRecord {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(image, "image");
        if (!(image instanceof ImageInput.Encoded) && !(image instanceof RawFrame)) {
            throw new IllegalArgumentException("a frame record holds encoded bytes or a RawFrame, got "
                    + image.getClass().getSimpleName() + "; FramePublisher converts other inputs");
        }
    }

    /** The frame for in-process use (a {@link io.github.mask4j.twilio.monitor.RoomMonitor}, for example). */
    public Frame toFrame() {
        return new Frame(origin, timestampMillis, image);
    }

    /** The record key: room/participant/track, so a track's frames stay in order on one partition. */
    public String key() {
        return FrameCodec.key(origin);
    }
}
