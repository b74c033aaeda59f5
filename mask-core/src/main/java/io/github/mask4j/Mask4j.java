package io.github.mask4j;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Facts about this mask4j build. Stateless and thread-safe.
 */
public final class Mask4j {
    private static final String VERSION = readVersion();

    private Mask4j() {}

    /** The library version, as written into every saved model. */
    public static String version() {
        return VERSION;
    }

    private static String readVersion() {
        try (InputStream in = Mask4j.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
