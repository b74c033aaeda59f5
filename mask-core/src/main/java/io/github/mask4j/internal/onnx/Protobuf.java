package io.github.mask4j.internal.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of the protobuf wire format to read an ONNX graph's structure and to add or drop graph outputs,
 * so that no ONNX or protobuf library is needed. Only length-delimited and varint fields are interpreted.
 */
final class Protobuf {
    private Protobuf() {}

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH = 2;
    static final int FIXED32 = 5;

    /** One field of a message: its number, wire type and where its bytes lie. */
    record Field(int number, int wireType, long varint, int start, int end, int fieldStart) {
        String string(byte[] buf) {
            return new String(buf, start, end - start, StandardCharsets.UTF_8);
        }
    }

    static List<Field> fields(byte[] buf, int start, int end) {
        List<Field> out = new ArrayList<>();
        int[] pos = {start};
        while (pos[0] < end) {
            int fieldStart = pos[0];
            long key = varint(buf, pos, end);
            int number = (int) (key >>> 3);
            int type = (int) (key & 7);
            switch (type) {
                case VARINT -> {
                    long v = varint(buf, pos, end);
                    out.add(new Field(number, type, v, pos[0], pos[0], fieldStart));
                }
                case FIXED64 -> {
                    out.add(new Field(number, type, 0, pos[0], pos[0] + 8, fieldStart));
                    pos[0] += 8;
                }
                case LENGTH -> {
                    long len = varint(buf, pos, end);
                    if (len < 0 || pos[0] + len > end) {
                        throw new IllegalArgumentException("truncated protobuf field " + number + " at " + fieldStart);
                    }
                    out.add(new Field(number, type, len, pos[0], pos[0] + (int) len, fieldStart));
                    pos[0] += (int) len;
                }
                case FIXED32 -> {
                    out.add(new Field(number, type, 0, pos[0], pos[0] + 4, fieldStart));
                    pos[0] += 4;
                }
                default -> throw new IllegalArgumentException("unsupported protobuf wire type " + type + " at "
                        + fieldStart + " (not an ONNX file?)");
            }
            if (pos[0] > end) {
                throw new IllegalArgumentException("truncated protobuf message");
            }
        }
        return out;
    }

    static long varint(byte[] buf, int[] pos, int end) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= end) {
                throw new IllegalArgumentException("truncated varint");
            }
            byte b = buf[pos[0]++];
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("malformed varint");
    }

    static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    static byte[] lengthDelimited(int number, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 8);
        writeVarint(out, ((long) number << 3) | LENGTH);
        writeVarint(out, payload.length);
        out.writeBytes(payload);
        return out.toByteArray();
    }
}
