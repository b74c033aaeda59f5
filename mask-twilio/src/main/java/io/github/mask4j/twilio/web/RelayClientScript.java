package io.github.mask4j.twilio.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The browser side of the relay, {@code mask4j-relay.js}: a {@code Mask4jRelay} object that opens the
 * {@link io.github.mask4j.twilio.relay.RelayServer} socket with a relay token and sends any number of video tracks
 * as JPEG frames in the relay's wire format. The relay page and applications' own pages (the web demo) load it,
 * so the format is written in one place. Stateless and thread-safe.
 */
public final class RelayClientScript {
    /** Where pages should request it. */
    public static final String PATH = "/vendor/mask4j-relay.js";

    private RelayClientScript() {}

    /** The script. */
    public static byte[] bytes() {
        try (InputStream in = RelayClientScript.class.getResourceAsStream("mask4j-relay.js")) {
            if (in == null) {
                throw new IllegalStateException("mask4j-relay.js is missing from the mask-twilio jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
