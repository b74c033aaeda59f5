package io.github.mask4j.twilio.callback;

import com.twilio.security.RequestValidator;
import io.github.mask4j.twilio.recording.ParticipantTimeline;
import io.github.mask4j.twilio.recording.RecordingProcessor;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a Twilio Video status callback means, apart from how it arrives: checks its {@code X-Twilio-Signature}
 * (twilio-java's {@link RequestValidator} against the public URL Twilio was given and the posted form parameters),
 * hands valid events to the listeners and starts processing completed video recordings on a background thread.
 * {@link StatusCallbackServer} is its HTTP transport.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
final class StatusCallbacks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusCallbacks.class);

    private final RequestValidator validator;
    private final String publicUrl;
    private final List<RoomEventListener> listeners;
    private final RecordingProcessor processor;
    private final Consumer<ParticipantTimeline> timelines;
    private final ExecutorService work;
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    StatusCallbacks(String authToken, String publicUrl, List<RoomEventListener> listeners,
            RecordingProcessor processor, Consumer<ParticipantTimeline> timelines) {
        this.validator = new RequestValidator(Objects.requireNonNull(authToken, "authToken"));
        this.publicUrl = Objects.requireNonNull(publicUrl, "publicUrl");
        this.listeners = List.copyOf(listeners);
        this.processor = processor;
        this.timelines = timelines;
        this.work = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mask4j-recordings");
            t.setDaemon(true);
            return t;
        });
    }

    /** The URL Twilio signed for a request that arrived with {@code rawQuery} (null if none). */
    String signedUrl(String rawQuery) {
        return rawQuery == null ? publicUrl : publicUrl + "?" + rawQuery;
    }

    /**
     * Handles one callback.
     *
     * @return the HTTP status to answer: 204 handled, 403 bad or missing signature, 400 not a room event
     */
    int handle(String rawQuery, Map<String, String> params, String signature) {
        if (signature == null || !validator.validate(signedUrl(rawQuery), params, signature)) {
            rejected.incrementAndGet();
            LOG.warn("status callback rejected: {} signature", signature == null ? "missing" : "invalid");
            return 403;
        }
        String name = params.get("StatusCallbackEvent");
        if (name == null) {
            return 400;
        }
        RoomEvent event = new RoomEvent(name, params.get("RoomSid"), params.get("RoomName"), params);
        for (RoomEventListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("room event listener failed: {}", e.toString());
            }
        }
        if (RoomEvent.RECORDING_COMPLETED.equals(name) && processor != null) {
            startProcessing(event);
        }
        return 204;
    }

    long rejected() {
        return rejected.get();
    }

    private void startProcessing(RoomEvent event) {
        String room = event.roomSid();
        String recording = event.recordingSid().orElse(null);
        if (room == null || recording == null) {
            LOG.warn("recording-completed without RoomSid/RecordingSid: {}", event.parameters());
            return;
        }
        if ("audio".equalsIgnoreCase(event.parameter("TrackKind").orElse(""))) {
            return;
        }
        work.submit(() -> {
            try {
                ParticipantTimeline t = processor.processRecording(room, recording);
                if (timelines != null) {
                    timelines.accept(t);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.error("processing recording {} of room {} failed: {}", recording, room, e.toString());
            }
        });
    }

    /** Waits up to 10 s for recordings being processed. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        work.shutdown();
        try {
            if (!work.awaitTermination(10, TimeUnit.SECONDS)) {
                work.shutdownNow();
            }
        } catch (InterruptedException e) {
            work.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
