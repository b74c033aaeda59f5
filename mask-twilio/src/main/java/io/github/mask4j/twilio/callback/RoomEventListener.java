package io.github.mask4j.twilio.callback;

/**
 * Receives validated room status callbacks. Called on the callback server's request threads; implementations must
 * be thread-safe and quick (Twilio waits for the HTTP answer).
 */
@FunctionalInterface
public interface RoomEventListener {
    void onEvent(RoomEvent event);
}
