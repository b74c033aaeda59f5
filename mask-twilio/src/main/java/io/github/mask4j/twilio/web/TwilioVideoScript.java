package io.github.mask4j.twilio.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Twilio's browser SDK, twilio-video.js, bundled in this jar (from the npm package {@code twilio-video},
 * BSD-3-Clause, licence beside it) so that pages load without a CDN and only the connection to Twilio itself
 * needs the network. Stateless and thread-safe.
 */
public final class TwilioVideoScript {
    /** The bundled version. */
    public static final String VERSION = "2.36.0";
    /** Where pages should request it. */
    public static final String PATH = "/vendor/twilio-video.min.js";

    private TwilioVideoScript() {}

    /** The minified script. */
    public static byte[] bytes() {
        try (InputStream in = TwilioVideoScript.class.getResourceAsStream("twilio-video.min.js")) {
            if (in == null) {
                throw new IllegalStateException("twilio-video.min.js is missing from the mask-twilio jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
