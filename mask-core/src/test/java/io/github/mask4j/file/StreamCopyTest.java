package io.github.mask4j.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.mask4j.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StreamCopyTest {

    @Test
    void copiesAWholeStreamAndShowsEveryChunk() throws Exception {
        Path photo = SharedData.testImage("grace_hopper.jpg");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicLong seen = new AtomicLong();
        AtomicLong lastCopied = new AtomicLong();
        long n = StreamCopy.copy(Files.newInputStream(photo), out, Duration.ofSeconds(5), (buf, len, copied) -> {
            seen.addAndGet(len);
            lastCopied.set(copied);
        });
        assertThat(n).isEqualTo(Files.size(photo)).isEqualTo(seen.get()).isEqualTo(lastCopied.get());
        assertThat(out.toByteArray()).isEqualTo(Files.readAllBytes(photo));
    }

    @Test
    void aSocketThatGoesQuietMidStreamIsAbandonedWithWhatCameBefore() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread sender = new Thread(() -> {
                try (Socket s = server.accept(); OutputStream o = s.getOutputStream()) {
                    o.write(new byte[1000]);
                    o.flush();
                    done.await(60, TimeUnit.SECONDS); // then nothing, on an open connection
                } catch (Exception ignored) {
                    // the test ended
                }
            });
            sender.start();
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                InputStream in = client.getInputStream();
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                // a hang guard, not a speed check: without the watchdog this read never returns
                assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThatThrownBy(
                        () -> StreamCopy.copy(in, out, Duration.ofMillis(300), (buf, len, copied) -> { }))
                        .isInstanceOfSatisfying(StalledStreamException.class, e -> {
                            assertThat(e.bytes()).isEqualTo(1000);
                            assertThat(e.stall()).isEqualTo(Duration.ofMillis(300));
                            assertThat(e).hasMessage("no data for 300 ms after 1000 bytes; the transfer was abandoned");
                        }));
                assertThat(out.size()).isEqualTo(1000);
            } finally {
                done.countDown();
                sender.join(10_000);
            }
        }
    }

    @Test
    void refusesAStallTimeoutThatIsNotPositive() {
        InputStream in = InputStream.nullInputStream();
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMillis(-1), null}) {
            assertThatThrownBy(() -> StreamCopy.copy(in, OutputStream.nullOutputStream(), bad, (b, l, c) -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stall timeout");
        }
    }
}
