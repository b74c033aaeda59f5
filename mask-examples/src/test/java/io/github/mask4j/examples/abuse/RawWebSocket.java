package io.github.mask4j.examples.abuse;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client over a plain socket that can misbehave: unmasked frames, unknown opcodes, fragments that never
 * end, floods it never reads the answers of, any Origin or Host header.
 */
final class RawWebSocket implements AutoCloseable {
    final Socket socket;
    final OutputStream out;
    final DataInputStream in;
    /** The status line of the upgrade answer. */
    final String status;

    RawWebSocket(int port, String pathAndQuery, String host, String origin) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String req = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(key) + "\r\n" + (origin == null ? "" : "Origin: " + origin + "\r\n")
                + "\r\n";
        out.write(req.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        status = readHead(in);
    }

    /** The response head's first line (the rest of the head is read and skipped). */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) >= 0) {
                head.write(b);
                byte[] h = head.toByteArray();
                int n = h.length;
                if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                    break;
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // what came so far
        }
        String s = head.toString(StandardCharsets.US_ASCII);
        int eol = s.indexOf('\r');
        return eol < 0 ? s : s.substring(0, eol);
    }

    boolean upgraded() {
        return status.contains(" 101 ");
    }

    /** One frame; masked as RFC 6455 requires of clients unless {@code masked} is false. */
    static byte[] frame(int opcode, boolean fin, boolean masked, byte[] payload) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(payload.length + 14);
        b.write((fin ? 0x80 : 0) | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            b.write(maskBit | payload.length);
        } else if (payload.length < 65536) {
            b.write(maskBit | 126);
            b.write(payload.length >>> 8);
            b.write(payload.length);
        } else {
            b.write(maskBit | 127);
            long n = payload.length;
            for (int i = 7; i >= 0; i--) {
                b.write((int) (n >>> (8 * i)));
            }
        }
        if (masked) {
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            b.writeBytes(mask);
            byte[] p = payload.clone();
            for (int i = 0; i < p.length; i++) {
                p[i] ^= mask[i & 3];
            }
            b.writeBytes(p);
        } else {
            b.writeBytes(payload);
        }
        return b.toByteArray();
    }

    void send(byte[] frameBytes) throws IOException {
        out.write(frameBytes);
        out.flush();
    }

    /**
     * Reads frames until a close frame and returns its status code; -1 if the connection ended without one or
     * nothing came within the socket timeout.
     */
    int awaitClose() {
        int[] code = {-1};
        readFrames((opcode, payload) -> {
            if (opcode == 0x8) {
                code[0] = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
            }
        });
        return code[0];
    }

    /** Reads frames until the connection ends, handing each text frame's payload to {@code onText}. */
    void readTexts(java.util.function.Consumer<String> onText) {
        readFrames((opcode, payload) -> {
            if (opcode == 0x1) {
                onText.accept(new String(payload, StandardCharsets.UTF_8));
            }
        });
    }

    /** Reads frames (opcode, payload) until a close frame, the end of the connection or the socket timeout. */
    private void readFrames(java.util.function.BiConsumer<Integer, byte[]> onFrame) {
        try {
            while (true) {
                int b0 = in.read();
                if (b0 < 0) {
                    return;
                }
                int b1 = in.readUnsignedByte();
                long len = b1 & 0x7f;
                if (len == 126) {
                    len = in.readUnsignedShort();
                } else if (len == 127) {
                    len = in.readLong();
                }
                byte[] payload = in.readNBytes((int) len);
                onFrame.accept(b0 & 0x0f, payload);
                if ((b0 & 0x0f) == 0x8) {
                    return;
                }
            }
        } catch (IOException e) {
            // the connection ended or went quiet
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
