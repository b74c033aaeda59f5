package io.github.mask4j.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mask4j.twilio.http.ThrottledLog;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** A flood of warnings is cut to a few per window, and what was left out is counted in a later line. */
class ThrottledLogTest {

    /** Keeps the formatted lines it is given. */
    static final class Captured extends AbstractLogger {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                Throwable t) {
            lines.add(level + " " + MessageFormatter.arrayFormat(pattern, args).getMessage());
        }

        @Override public boolean isTraceEnabled() { return true; }
        @Override public boolean isTraceEnabled(Marker m) { return true; }
        @Override public boolean isDebugEnabled() { return true; }
        @Override public boolean isDebugEnabled(Marker m) { return true; }
        @Override public boolean isInfoEnabled() { return true; }
        @Override public boolean isInfoEnabled(Marker m) { return true; }
        @Override public boolean isWarnEnabled() { return true; }
        @Override public boolean isWarnEnabled(Marker m) { return true; }
        @Override public boolean isErrorEnabled() { return true; }
        @Override public boolean isErrorEnabled(Marker m) { return true; }
    }

    @Test
    void aFloodIsCutAndCounted() throws Exception {
        Captured log = new Captured();
        ThrottledLog throttled = new ThrottledLog(log, 5, Duration.ofSeconds(2));
        for (int i = 0; i < 1000; i++) {
            throttled.warn("request {} refused ({}): {}", i, 403, "cross-origin");
        }
        assertThat(log.lines).hasSize(5).first().isEqualTo("WARN request 0 refused (403): cross-origin");
        assertThat(throttled.suppressed()).isEqualTo(995);

        Thread.sleep(2100); // the next window
        throttled.warn("request {} refused ({}): {}", 1000, 403, "cross-origin");
        assertThat(log.lines).hasSize(7);
        assertThat(log.lines.get(5)).contains("995 more such warnings were left out").contains("at most 5 per");
        assertThat(log.lines.get(6)).isEqualTo("WARN request 1000 refused (403): cross-origin");
        assertThat(throttled.suppressed()).isZero();
    }

    @Test
    void refusesNonsenseSettings() {
        assertThatThrownBy(() -> new ThrottledLog(new Captured(), 0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perWindow");
        assertThatThrownBy(() -> new ThrottledLog(new Captured(), 1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
    }
}
