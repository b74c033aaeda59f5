package io.github.mask4j.twilio.callback;

import io.github.mask4j.twilio.http.ThrottledLog;
import io.github.mask4j.twilio.recording.NotVideoRecordingException;
import io.github.mask4j.twilio.recording.ParticipantTimeline;
import io.github.mask4j.twilio.recording.RecordingProcessor;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a Twilio Video status callback means, apart from how it arrives: {@link CallbackVerifier} decides about the
 * request (method, {@code X-Twilio-Signature}, event); valid events go to the listeners, and a completed video
 * recording ({@code Type=video}; audio is skipped before any REST call) is processed on a background thread.
 * {@link StatusCallbackServer} is its HTTP transport.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
final class StatusCallbacks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusCallbacks.class);
    /** Warnings a remote party can cause at will, throttled. */
    private static final ThrottledLog REJECTED = ThrottledLog.of(LOG);

    private final CallbackVerifier verifier;
    private final List<RoomEventListener> listeners;
    private final RecordingProcessor processor;
    private final Consumer<ParticipantTimeline> timelines;
    private final ExecutorService work;
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    StatusCallbacks(String authToken, URI publicUrl, List<RoomEventListener> listeners,
            RecordingProcessor processor, Consumer<ParticipantTimeline> timelines) {
        this.verifier = new CallbackVerifier(authToken, publicUrl);
        this.listeners = List.copyOf(listeners);
        this.processor = processor;
        this.timelines = timelines;
        this.work = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mask4j-recordings");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Handles one callback: the verdict's status is what to answer (204 handled, 403 bad or missing signature,
     * 400 not a room event, 405 not GET or POST, 413 too large).
     */
    CallbackVerifier.Verdict handle(String method, String rawQuery, byte[] body, String signature) {
        CallbackVerifier.Verdict v = verifier.verify(method, rawQuery, body, signature);
        if (v.status() == 403) {
            rejected.incrementAndGet();
            REJECTED.warn("status callback rejected: {} signature for {} {}", signature == null ? "missing" : "invalid",
                    method, v.signedUrl());
        }
        if (!v.accepted()) {
            return v;
        }
        RoomEvent event = v.event();
        for (RoomEventListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("room event listener failed: {}", e.toString());
            }
        }
        if (RoomEvent.RECORDING_COMPLETED.equals(event.event()) && processor != null) {
            startProcessing(event);
        }
        return v;
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
        // recording callbacks say what was recorded in Type (audio/video/data) and Container (mka/mkv)
        if (!event.isVideoRecording()) {
            LOG.debug("recording {} is not video (Type={}, Container={}): skipped", recording,
                    event.parameter("Type").orElse("?"), event.parameter("Container").orElse("?"));
            return;
        }
        String identity = event.participantIdentity().orElse(null);
        work.submit(() -> {
            try {
                ParticipantTimeline t = processor.processRecording(room, recording, identity);
                if (timelines != null) {
                    timelines.accept(t);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (NotVideoRecordingException e) {
                LOG.info("{}", e.getMessage());
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
