package io.github.mask4j.twilio.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mask4j.twilio.http.ThrottledLog;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One page's relay socket, already authorised for one room: welcomes it, parses each binary message (a frame) and
 * each text message (an edge label) as a {@link RelayFrame}, hands them to the {@link TrackRegistry} and answers
 * refusals; ends its tracks when it closes. A frame that is refused leaves the connection open; Jetty closes it for protocol errors (unmasked or
 * unknown frames: 1002) and oversize messages (1009). Replies are queued by Jetty up to
 * {@link RelayLimits#maxQueuedReplies()}; a client that lets them pile up is disconnected.
 *
 * <p>Public only because Jetty calls its listener methods; it is made by {@link RelayServer} alone.
 *
 * <p>Thread-safe: Jetty delivers messages on one thread at a time; replies may be sent from any thread.
 */
public final class RelayConnection implements Session.Listener.AutoDemanding {
    private static final Logger LOG = LoggerFactory.getLogger(RelayConnection.class);
    /** Warnings a remote party can cause at will, throttled. */
    private static final ThrottledLog WARNINGS = ThrottledLog.of(LOG);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String room;
    private final TrackRegistry registry;
    private final RelayLimits limits;
    private final String peer;
    private final int frameShortSide;
    private final AtomicBoolean dropped = new AtomicBoolean();
    private volatile Session session;

    RelayConnection(String room, TrackRegistry registry, RelayLimits limits, String peer, int frameShortSide) {
        this.room = room;
        this.frameShortSide = frameShortSide;
        this.registry = registry;
        this.limits = limits;
        this.peer = peer;
    }

    static ObjectNode message(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    @Override
    public void onWebSocketOpen(Session s) {
        this.session = s;
        ObjectNode welcome = message("welcome").put("room", room).put("maxFrameBytes", limits.maxFrameBytes());
        if (frameShortSide > 0) {
            // the model needs no more: pages scale frames down to this before encoding
            welcome.put("frameShortSide", frameShortSide);
        }
        send(welcome);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        try {
            registry.offer(this, RelayFrame.parse(payload, room, limits.maxFrameBytes()));
        } catch (RelayFrame.Refused e) {
            refuse(e.getMessage());
        } finally {
            callback.succeed();
        }
    }

    @Override
    public void onWebSocketText(String message) {
        try {
            registry.offer(this, RelayFrame.parseLabel(message, room));
        } catch (RelayFrame.Refused e) {
            refuse(e.getMessage());
        }
    }

    private void refuse(String reason) {
        registry.countRefused();
        LOG.debug("frame from {} refused: {}", peer, reason);
        send(message("refused").put("reason", reason));
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        registry.closeAll(this);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        // protocol errors (unmasked or unknown frames, oversize messages) and timeouts: one line, no stack
        WARNINGS.warn("relay socket from {} closed: {}", peer, cause.toString());
        registry.closeAll(this);
    }

    /** Sends a JSON reply; a client whose queue is full (it does not read) is disconnected. */
    void send(ObjectNode json) {
        Session s = session;
        if (s == null || !s.isOpen()) {
            return;
        }
        s.sendText(json.toString(), Callback.from(() -> { }, failure -> {
            if (dropped.compareAndSet(false, true)) {
                WARNINGS.warn("relay socket from {} disconnected: its replies are not read ({})", peer, failure.toString());
                s.disconnect();
            }
        }));
    }
}
