package io.github.mask4j.kafka.codec;

import io.github.mask4j.InvalidImageException;
import io.github.mask4j.frame.FrameOrigin;
import io.github.mask4j.image.ImageInput;
import io.github.mask4j.image.PixelFormat;
import io.github.mask4j.image.RawFrame;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The binary format of a frames-topic value, version 1 (big-endian):
 *
 * <pre>
 * magic 'M' '4' | version u8 = 1 | kind u8 (1 encoded, 2 raw) | timestampMillis i64 | sequence i64
 * room, participant, track: u16 length + UTF-8 each
 * raw only: pixel format u8 (0 RGB, 1 BGR, 2 ARGB, 3 RGBA, 4 BGRA, 5 I420) | width i32 | height i32 | stride i32
 * payload length i32 | payload (encoded image bytes, or the raw pixels)
 * </pre>
 *
 * A decoder refuses newer versions instead of guessing, so a codec change needs a new version number and
 * workers that understand it before publishers write it.
 *
 * <p>Stateless and thread-safe.
 */
public final class FrameCodec {
    /** The version this codec writes. */
    public static final int VERSION = 1;
    private static final byte M = 'M';
    private static final byte FOUR = '4';
    private static final int KIND_ENCODED = 1;
    private static final int KIND_RAW = 2;
    // wire codes of PixelFormat, fixed here so reordering the enum cannot change the format
    private static final List<PixelFormat> FORMATS = List.of(PixelFormat.RGB, PixelFormat.BGR, PixelFormat.ARGB,
            PixelFormat.RGBA, PixelFormat.BGRA, PixelFormat.I420);

    private FrameCodec() {}

    /** room/participant/track: the record key. */
    public static String key(FrameOrigin origin) {
        return origin.room() + "/" + origin.participant() + "/" + origin.track();
    }

    /** Encodes a record (the image must be {@link ImageInput.Encoded} or {@link RawFrame}). */
    public static byte[] encode(FrameRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(payloadSize(record.image()) + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(M);
            out.writeByte(FOUR);
            out.writeByte(VERSION);
            boolean raw = record.image() instanceof RawFrame;
            out.writeByte(raw ? KIND_RAW : KIND_ENCODED);
            out.writeLong(record.timestampMillis());
            out.writeLong(record.sequence());
            writeString(out, record.origin().room());
            writeString(out, record.origin().participant());
            writeString(out, record.origin().track());
            byte[] payload;
            if (record.image() instanceof RawFrame r) {
                out.writeByte(FORMATS.indexOf(r.format()));
                out.writeInt(r.width());
                out.writeInt(r.height());
                out.writeInt(r.stride());
                payload = r.data();
            } else {
                payload = ((ImageInput.Encoded) record.image()).bytes();
            }
            out.writeInt(payload.length);
            out.write(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes a frames-topic value.
     *
     * @param where names the record in errors, such as "mask4j.frames-2@1041"
     * @throws FrameRecordException when the bytes are not a version-1 frame record, or a raw frame's size does
     *     not fit its buffer
     */
    public static FrameRecord decode(byte[] value, String where) {
        if (value == null) {
            throw new FrameRecordException(where + ": empty value (a tombstone?); frames are published by "
                    + "FramePublisher");
        }
        ByteBuffer in = ByteBuffer.wrap(value);
        try {
            if (value.length < 4 || in.get() != M || in.get() != FOUR) {
                throw new FrameRecordException(where + ": not a mask4j frame record (no 'M4' magic); publish frames "
                        + "with FramePublisher or FrameCodec.encode");
            }
            int version = in.get() & 0xff;
            if (version != VERSION) {
                throw new FrameRecordException(where + ": frame record version " + version + " but this worker reads "
                        + "version " + VERSION + "; upgrade the workers before the publishers");
            }
            int kind = in.get() & 0xff;
            long timestamp = in.getLong();
            long sequence = in.getLong();
            FrameOrigin origin = FrameOrigin.track(readString(in), readString(in), readString(in));
            String source = key(origin) + " #" + sequence;
            if (kind == KIND_RAW) {
                int code = in.get() & 0xff;
                if (code >= FORMATS.size()) {
                    throw new FrameRecordException(where + ": unknown raw pixel format code " + code);
                }
                int width = in.getInt();
                int height = in.getInt();
                int stride = in.getInt();
                byte[] data = readPayload(in, where);
                try {
                    return new FrameRecord(origin, timestamp, sequence,
                            new RawFrame(FORMATS.get(code), width, height, stride, data, source));
                } catch (InvalidImageException e) {
                    throw new FrameRecordException(where + ": " + e.getMessage(), e);
                }
            }
            if (kind == KIND_ENCODED) {
                return new FrameRecord(origin, timestamp, sequence, ImageInput.of(readPayload(in, where), source));
            }
            throw new FrameRecordException(where + ": unknown frame kind " + kind + " (1 encoded, 2 raw)");
        } catch (BufferUnderflowException e) {
            throw new FrameRecordException(where + ": truncated frame record (" + value.length + " bytes)", e);
        }
    }

    private static byte[] readPayload(ByteBuffer in, String where) {
        int length = in.getInt();
        if (length < 0 || length != in.remaining()) {
            throw new FrameRecordException(where + ": payload length " + length + " but " + in.remaining()
                    + " bytes follow; the record is truncated or corrupt");
        }
        byte[] payload = new byte[length];
        in.get(payload);
        return payload;
    }

    private static int payloadSize(ImageInput image) {
        return image instanceof RawFrame r ? r.data().length : ((ImageInput.Encoded) image).bytes().length;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xffff) {
            throw new IllegalArgumentException("name longer than 65535 bytes: " + s.substring(0, 40) + "...");
        }
        out.writeShort(b.length);
        out.write(b);
    }

    private static String readString(ByteBuffer in) {
        int length = in.getShort() & 0xffff;
        byte[] b = new byte[length];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
