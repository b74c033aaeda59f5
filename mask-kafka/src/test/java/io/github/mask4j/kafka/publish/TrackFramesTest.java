package io.github.mask4j.kafka.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mask4j.frame.Frame;
import io.github.mask4j.frame.FrameOrigin;
import io.github.mask4j.frame.FrameSource;
import io.github.mask4j.testing.SharedData;
import io.github.mask4j.twilio.recording.MediaDecoder;
import io.github.mask4j.twilio.recording.NotVideoRecordingException;
import io.github.mask4j.twilio.recording.TrackRecording;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A recording opened for publishing: a real clip decoded by FFmpeg (as a downloaded recording is) comes out as the
 * recording's track, with the same pictures at room-clock times.
 */
class TrackFramesTest {
    private static final Path CLIP = SharedData.video().resolve("clips/putting-on-mask-a.mp4");

    private static List<Frame> drain(FrameSource source) throws InterruptedException {
        List<Frame> out = new ArrayList<>();
        try (source) {
            while (!source.isFinished()) {
                Optional<Frame> f = source.next(Duration.ofSeconds(10));
                f.ifPresent(out::add);
            }
        }
        return out;
    }

    @Test
    void aRecordingIsItsRoomTrackOnTheRoomClock() throws Exception {
        TrackRecording rec = new TrackRecording("RT1", "RM1", "PA1", "camera", "MT1", "video", "VP8", "mkv", 2500,
                -1, -1);
        List<Frame> plain = drain(MediaDecoder.ffmpeg().open(CLIP, 2));
        List<Frame> track = drain(TrackFrames.recording(rec, CLIP, MediaDecoder.ffmpeg(), 2));

        assertThat(plain).isNotEmpty();
        assertThat(track).hasSameSizeAs(plain);
        for (int i = 0; i < plain.size(); i++) {
            assertThat(track.get(i).origin()).isEqualTo(new FrameOrigin("RM1", "PA1", "camera"));
            assertThat(track.get(i).timestampMillis()).isEqualTo(plain.get(i).timestampMillis() + 2500);
        }
    }

    @Test
    void anAudioRecordingIsRefusedBeforeDecoding() {
        TrackRecording audio = new TrackRecording("RT2", "RM1", "PA1", "mic", "MT2", "audio", "OPUS", "mka", 0, -1,
                -1);
        assertThatThrownBy(() -> TrackFrames.recording(audio, CLIP, (m, fps) -> {
            throw new AssertionError("decoded an audio recording");
        }, 2)).isInstanceOf(NotVideoRecordingException.class).hasMessageContaining("RT2").hasMessageContaining("audio");
    }
}
