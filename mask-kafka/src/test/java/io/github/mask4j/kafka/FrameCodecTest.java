package io.github.mask4j.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mask4j.frame.FrameOrigin;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.image.PixelFormat;
import io.github.mask4j.image.RawFrame;
import io.github.mask4j.kafka.codec.FrameCodec;
import io.github.mask4j.kafka.codec.FrameRecord;
import io.github.mask4j.kafka.codec.FrameRecordException;
import io.github.mask4j.testing.SharedData;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The frames-topic codec: round trips of both kinds, and a typed error naming the record for every bad value. */
class FrameCodecTest {
    private static final FrameOrigin ORIGIN = new FrameOrigin("room-ü", "alice", "camera");

    @Test
    void encodedAndRawFramesRoundTrip() throws Exception {
        byte[] jpeg = Files.readAllBytes(SharedData.video().resolve("frames/putting-on-mask-a/frame_001.jpg"));
        FrameRecord encoded = new FrameRecord(ORIGIN, 1234, 7, ImageInput.of(jpeg, "x"));
        FrameRecord back = FrameCodec.decode(FrameCodec.encode(encoded), "t-0@0");
        assertThat(back.origin()).isEqualTo(ORIGIN);
        assertThat(back.timestampMillis()).isEqualTo(1234);
        assertThat(back.sequence()).isEqualTo(7);
        assertThat(((ImageInput.Encoded) back.image()).bytes()).isEqualTo(jpeg);
        assertThat(back.image().source()).isEqualTo("room-ü/alice/camera #7");

        byte[] i420 = new byte[6 * 4 + 2 * 3 * 2];
        Arrays.fill(i420, (byte) 90);
        FrameRecord raw = new FrameRecord(ORIGIN, 40, 1, RawFrame.i420(6, 4, i420));
        RawFrame r = (RawFrame) FrameCodec.decode(FrameCodec.encode(raw), "t-0@1").image();
        assertThat(r.format()).isEqualTo(PixelFormat.I420);
        assertThat(r.width()).isEqualTo(6);
        assertThat(r.height()).isEqualTo(4);
        assertThat(r.stride()).isEqualTo(6);
        assertThat(r.data()).isEqualTo(i420);
    }

    @Test
    void badValuesGiveATypedErrorNamingTheRecord() {
        byte[] good = FrameCodec.encode(new FrameRecord(ORIGIN, 1, 2, RawFrame.packed(PixelFormat.BGR, 2, 2,
                new byte[12])));
        assertThatThrownBy(() -> FrameCodec.decode(new byte[] {1, 2, 3, 4, 5}, "frames-1@9"))
                .isInstanceOf(FrameRecordException.class).hasMessageContaining("frames-1@9")
                .hasMessageContaining("no 'M4' magic");
        assertThatThrownBy(() -> FrameCodec.decode(null, "frames-1@10"))
                .isInstanceOf(FrameRecordException.class).hasMessageContaining("frames-1@10");
        byte[] newer = good.clone();
        newer[2] = 2;
        assertThatThrownBy(() -> FrameCodec.decode(newer, "frames-0@3")).isInstanceOf(FrameRecordException.class)
                .hasMessageContaining("version 2").hasMessageContaining("upgrade the workers");
        assertThatThrownBy(() -> FrameCodec.decode(Arrays.copyOf(good, good.length - 1), "frames-0@4"))
                .isInstanceOf(FrameRecordException.class).hasMessageContaining("truncated or corrupt");
        assertThatThrownBy(() -> FrameCodec.decode(Arrays.copyOf(good, 20), "frames-0@5"))
                .isInstanceOf(FrameRecordException.class).hasMessageContaining("truncated frame record");
        // a raw header promising more pixels than the payload holds: width 2 -> 200
        byte[] lying = good.clone();
        int widthAt = good.length - 12 - 4 - 12;
        lying[widthAt + 3] = (byte) 200;
        assertThatThrownBy(() -> FrameCodec.decode(lying, "frames-0@6")).isInstanceOf(FrameRecordException.class)
                .hasMessageContaining("frames-0@6").hasMessageContaining("stride 6 is smaller than width 200");
    }
}
