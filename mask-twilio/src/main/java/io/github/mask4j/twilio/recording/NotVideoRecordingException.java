package io.github.mask4j.twilio.recording;

import io.github.mask4j.Mask4jException;

/**
 * A recording asked to be classified is not a video track (Twilio also records audio, {@code type=audio},
 * {@code container_format=mka}); raised before anything is downloaded.
 *
 * <p>Immutable and thread-safe.
 */
public final class NotVideoRecordingException extends Mask4jException {
    private static final long serialVersionUID = 1L;

    public NotVideoRecordingException(String message) {
        super(message);
    }
}
