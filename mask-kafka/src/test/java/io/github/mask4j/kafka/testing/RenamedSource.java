package io.github.mask4j.kafka.testing;

import io.github.mask4j.frame.Frame;
import io.github.mask4j.frame.FrameOrigin;
import io.github.mask4j.frame.FrameSource;
import java.time.Duration;
import java.util.Optional;

/** A frame source whose frames carry another origin (a video file played as a room participant). Not thread-safe. */
public final class RenamedSource implements FrameSource {
    private final FrameSource source;
    private final FrameOrigin origin;

    public RenamedSource(FrameSource source, FrameOrigin origin) {
        this.source = source;
        this.origin = origin;
    }

    @Override
    public Optional<Frame> next(Duration timeout) throws InterruptedException {
        return source.next(timeout).map(f -> new Frame(origin, f.timestampMillis(), f.image()));
    }

    @Override
    public boolean isFinished() {
        return source.isFinished();
    }

    @Override
    public void close() {
        source.close();
    }
}
