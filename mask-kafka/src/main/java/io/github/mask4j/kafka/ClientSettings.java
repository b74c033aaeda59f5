package io.github.mask4j.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * How to reach a Kafka cluster: bootstrap servers plus any client settings passed through unchanged (security
 * protocol, SASL/JAAS, TLS trust stores, timeouts), from a properties file or one by one. Every client mask4j
 * makes (producers, consumers, admin, Streams) starts from these and then sets only what its guarantees need
 * (transactions, isolation, serializers).
 *
 * <p>Immutable and thread-safe.
 */
public final class ClientSettings {
    private final Map<String, Object> settings;

    private ClientSettings(Map<String, Object> settings) {
        this.settings = Map.copyOf(settings);
    }

    /** Just the bootstrap servers ({@code host:port,host:port}). */
    public static ClientSettings of(String bootstrapServers) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers are empty; give host:port[,host:port...]");
        }
        return new ClientSettings(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** These settings plus those of a Kafka client properties file (its values win). */
    public ClientSettings withFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read Kafka client properties " + file + ": " + e.getMessage(), e);
        }
        Map<String, Object> m = new HashMap<>(settings);
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return new ClientSettings(m);
    }

    /** These settings plus one more (it wins over an earlier value). */
    public ClientSettings with(String key, Object value) {
        Map<String, Object> m = new HashMap<>(settings);
        m.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new ClientSettings(m);
    }

    /** These settings plus {@code key=value} pairs, as given on a command line. */
    public ClientSettings withPairs(Iterable<String> pairs) {
        ClientSettings s = this;
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("Kafka client setting '" + pair + "' is not KEY=VALUE, e.g. "
                        + "security.protocol=SASL_SSL");
            }
            s = s.with(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return s;
    }

    /** The bootstrap servers. */
    public String bootstrapServers() {
        return String.valueOf(settings.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
    }

    /**
     * One client's configuration: {@code defaults}, then these settings (which may change the defaults), then
     * {@code required} (what the client's guarantees rest on, such as transactions or read_committed).
     */
    public Map<String, Object> clientConfig(Map<String, Object> defaults, Map<String, Object> required) {
        Map<String, Object> m = new HashMap<>(defaults);
        m.putAll(settings);
        m.putAll(required);
        return m;
    }

    /** The settings, for logs: values of passwords, JAAS configs and keys are hidden. */
    @Override
    public String toString() {
        Map<String, Object> shown = new HashMap<>();
        settings.forEach((k, v) -> shown.put(k, k.contains("password") || k.contains("jaas") || k.contains("key")
                ? "(hidden)" : v));
        return "ClientSettings" + shown;
    }
}
