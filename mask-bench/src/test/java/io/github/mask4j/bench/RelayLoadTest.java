package io.github.mask4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The load generator's accounting, message format and bounds, on made-up times (no clock is read). */
class RelayLoadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MS = 1_000_000L;

    @Test
    void latencyIsFromSentToFirstAnswerOfMeasuredFramesOnly() {
        FrameLedger book = new FrameLedger();
        book.sent("alice", 1000, 0, false); // warm-up
        book.sent("alice", 1200, 200 * MS, true);
        book.sent("bob", 1200, 210 * MS, true);
        assertThat(book.answered("alice", 1000, 40 * MS)).isFalse(); // answered, but not measured
        assertThat(book.answered("alice", 1200, 230 * MS)).isTrue();
        assertThat(book.answered("alice", 1200, 231 * MS)).isFalse(); // a second answer (e.g. not_sure twice)
        assertThat(book.answered("bob", 1200, 310 * MS)).isTrue();
        assertThat(book.answered("carol", 1200, 310 * MS)).isFalse(); // never sent
        FrameLedger.Summary s = book.summary();
        assertThat(s.sent()).isEqualTo(2);
        assertThat(s.answered()).isEqualTo(2);
        assertThat(s.dropped()).isZero();
        assertThat(s.p50Ms()).isEqualTo(30.0);
        assertThat(s.p99Ms()).isEqualTo(100.0);
        assertThat(book.inFlight()).isZero();
        assertThat(book.inFlightMax()).isEqualTo(3);
    }

    @Test
    void anAnswerSupersedesTheTracksOlderFramesWhichCountAsDropped() {
        FrameLedger book = new FrameLedger();
        for (int i = 0; i < 4; i++) {
            book.sent("alice", 1000 + 200L * i, i * 200 * MS, true);
        }
        book.sent("bob", 1000, 0, true);
        assertThat(book.answered("alice", 1600, 650 * MS)).isTrue(); // the latest frame won
        assertThat(book.superseded()).isEqualTo(3);
        assertThat(book.inFlight()).isEqualTo(1); // bob's
        assertThat(book.answered("alice", 1000, 700 * MS)).isFalse(); // late answer for a superseded frame
        FrameLedger.Summary s = book.summary();
        assertThat(s.sent()).isEqualTo(5);
        assertThat(s.answered()).isEqualTo(1);
        assertThat(s.dropped()).isEqualTo(4);
        assertThat(s.p50Ms()).isEqualTo(50.0);
    }

    @Test
    void trendComparesTheLastThirdsMedianWithTheFirstThirds() {
        FrameLedger book = new FrameLedger();
        for (int i = 0; i < 9; i++) {
            book.sent("t" + i, 1000, i * 200 * MS, true);
            // latency grows with send time: 10, 20, ... 90 ms
            book.answered("t" + i, 1000, i * 200 * MS + (i + 1) * 10 * MS);
        }
        assertThat(book.summary().latencyTrend()).isEqualTo(80.0 / 20.0);
    }

    @Test
    void aRepeatedTimestampOnOneTrackIsRefused() {
        FrameLedger book = new FrameLedger();
        book.sent("alice", 1000, 0, true);
        assertThatThrownBy(() -> book.sent("alice", 1000, MS, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unique per track");
    }

    @Test
    void percentilesOfNothingAreNotANumber() {
        assertThat(FrameLedger.percentile(new long[0], 50)).isNaN();
        assertThat(new FrameLedger().summary().p99Ms()).isNaN();
    }

    @Test
    void answersAreCountedByTypeAndReason() throws Exception {
        FrameLedger book = new FrameLedger();
        RelayLoad.Answers a = new RelayLoad.Answers(book);
        book.sent("p1", 5, 0, true);
        book.sent("p1", 6, 0, true);
        a.take(JSON.readTree("{\"type\":\"welcome\",\"room\":\"r\"}"), 0);
        a.take(JSON.readTree("{\"type\":\"unclassified\",\"participant\":\"p1\",\"timestamp\":5,\"reason\":\"no_face\"}"), MS);
        a.take(JSON.readTree("{\"type\":\"result\",\"participant\":\"p1\",\"timestamp\":6,\"label\":\"not_sure\"}"), MS);
        a.take(JSON.readTree("{\"type\":\"unclassified\",\"participant\":\"p1\",\"timestamp\":6,\"reason\":\"not_sure\"}"), MS);
        a.take(JSON.readTree("{\"type\":\"state\",\"participant\":\"p1\",\"label\":\"with_mask\"}"), MS);
        a.take(JSON.readTree("{\"type\":\"refused\",\"reason\":\"too many tracks\"}"), MS);
        assertThat(a.welcome).isDone();
        assertThat(a.noFace.get()).isEqualTo(1);
        assertThat(a.notSure.get()).isEqualTo(1);
        assertThat(a.states.get()).isEqualTo(1);
        assertThat(a.refused.get()).isEqualTo(1);
        assertThat(a.lastRefusal.get()).isEqualTo("too many tracks");
        assertThat(book.summary().answered()).isEqualTo(2);
    }

    @Test
    void framesAreFramedAsTheRelayPageFramesThem() throws Exception {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3};
        ByteBuffer b = RelayLoad.frameMessage("room", "alice", "camera", 1234, jpeg);
        int headerLength = b.getInt();
        byte[] header = new byte[headerLength];
        b.get(header);
        assertThat(JSON.readTree(new String(header, StandardCharsets.UTF_8)).toString())
                .isEqualTo("{\"room\":\"room\",\"participant\":\"alice\",\"track\":\"camera\",\"timestamp\":1234}");
        byte[] rest = new byte[b.remaining()];
        b.get(rest);
        assertThat(rest).isEqualTo(jpeg);
    }

    @Test
    void onlyLoopbackHostsAreTargets() {
        RelayLoad.requireLoopback("127.0.0.1");
        RelayLoad.requireLoopback("127.0.0.2");
        RelayLoad.requireLoopback("::1");
        assertThatThrownBy(() -> RelayLoad.requireLoopback("10.0.0.1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopback");
        assertThatThrownBy(() -> RelayLoad.requireLoopback("192.168.1.20"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RelayLoad.requireLoopback("8.8.8.8")).isInstanceOf(IllegalArgumentException.class);
        assertThat(RelayLoad.urlHost("::1")).isEqualTo("[::1]");
        assertThat(RelayLoad.urlHost("127.0.0.1")).isEqualTo("127.0.0.1");
    }

    @Test
    void ladderRatesAndTimesAreBounded() {
        RelayLoad.checkBounds(new int[] {1, 10, 50}, 5, 20, 5);
        assertThatThrownBy(() -> RelayLoad.checkBounds(new int[] {RelayLoad.MAX_TRACKS + 1}, 5, 20, 5))
                .hasMessageContaining("--tracks");
        assertThatThrownBy(() -> RelayLoad.checkBounds(new int[] {0}, 5, 20, 5)).hasMessageContaining("--tracks");
        assertThatThrownBy(() -> RelayLoad.checkBounds(new int[] {1}, 0, 20, 5)).hasMessageContaining("--fps");
        assertThatThrownBy(() -> RelayLoad.checkBounds(new int[] {1}, 5, RelayLoad.MAX_SECONDS + 1, 5))
                .hasMessageContaining("--seconds");
        assertThatThrownBy(() -> RelayLoad.checkBounds(new int[] {1}, 5, 20, -1)).hasMessageContaining("--warmup");
    }
}
