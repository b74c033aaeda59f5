package io.github.mask4j.examples.commands;

import io.github.mask4j.examples.web.TwilioTokens;
import io.github.mask4j.examples.web.WebDemo;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.kafka.ClientSettings;
import io.github.mask4j.kafka.publish.FramePublisher;
import io.github.mask4j.timeline.Smoothing;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mask4j serve}: the web demo (camera, add examples, train, save, predict, join a Twilio room).
 *
 * <p>Not thread-safe (one run per instance).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the web demo: add camera frames as examples, train, save and predict in the JVM.")
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "Port (default: ${DEFAULT-VALUE}; 0 for any free port).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--classifier", paramLabel = "DIR", description = "Start with this saved classifier (predict works at once).")
    Path classifierDir;

    @Option(names = "--save-to", defaultValue = "target/mask4j-classifier", paramLabel = "DIR",
            description = "Where the page's save button saves the classifier (default: ${DEFAULT-VALUE}).")
    Path saveTo;

    @Option(names = "--keystore", paramLabel = "FILE",
            description = "Serve HTTPS/WSS with this PKCS12 key store (password in the MASK4J_KEYSTORE_PASSWORD "
                    + "environment variable); without it, plain HTTP (keep it on 127.0.0.1 or behind a TLS proxy).")
    Path keyStore;

    @Option(names = "--smoothing", defaultValue = "majority:3", paramLabel = "RULE",
            description = "How each participant's per-frame labels are smoothed on the tiles: majority:N (most frequent "
                    + "of the last N frames), hysteresis:N (N agreeing frames to change) or none (default: ${DEFAULT-VALUE}).")
    String smoothing;

    @Option(names = "--edge-verify", defaultValue = "10", paramLabel = "N",
            description = "Edge mode: pages classify their tracks with the exported model in the browser and send "
                    + "labels, 1 frame in N with its label for the server to check (default: ${DEFAULT-VALUE}); 0 "
                    + "turns edge mode off (pages send frames).")
    int edgeVerify;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "ONNX Runtime intra-op threads per call (default: ${DEFAULT-VALUE}: the room monitor runs "
                    + "one batch per core, the most frames per second; 0 for every core per call, the lowest "
                    + "latency of a single call).")
    int threads;

    /** Given (--kafka BOOTSTRAP and the other Kafka options): relayed frames go to the frames topic. */
    @ArgGroup(exclusive = false, heading = "Publish relayed frames to Kafka for the workers (mask4j worker):%n")
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Smoothing rule;
        ClientSettings settings = null;
        try {
            rule = parseSmoothing(smoothing);
            if (edgeVerify < 0 || edgeVerify > 10_000) {
                throw new IllegalArgumentException("--edge-verify must be 0 (off) to 10000, got " + edgeVerify);
            }
            if (threads < 0) {
                throw new IllegalArgumentException("--threads must be 0 (every core per call) or more, got " + threads);
            }
            if (kafka != null) {
                settings = kafka.settings();
            }
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        String password = System.getenv().getOrDefault("MASK4J_KEYSTORE_PASSWORD", "");
        // closed after the demo (try-with-resources closes in reverse order): ended tracks flush their frames
        try (FeatureExtractor fe = model.open(threads);
                FramePublisher publisher = settings == null ? null
                        : FramePublisher.builder(settings).topics(kafka.topics()).build()) {
            WebDemo.Builder b = WebDemo.builder(fe).host(host).port(port).classifier(classifierDir)
                    .server(o -> keyStore == null ? o : o.tls(keyStore, password))
                    .saveTo(saveTo).twilio(TwilioTokens.fromEnvironment()).smoothing(rule).edge(edgeVerify);
            try (WebDemo demo = (publisher == null ? b : b.publishTo(publisher)).start()) {
                out.printf("mask4j web demo on %s (model %s); Ctrl-C to stop%n", demo.url(), fe.info().id());
                if (publisher != null) {
                    out.printf("relayed frames go to %s on %s for mask4j worker to classify%n",
                            kafka.topics().frames(), settings.bootstrapServers());
                }
                out.printf("open %s to sign in (the key changes at every start; keep it private)%n", demo.loginUrl());
                out.flush();
                CountDownLatch stop = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                stop.await();
            }
        }
        return 0;
    }

    /** {@code majority:N}, {@code hysteresis:N} or {@code none}. */
    static Smoothing parseSmoothing(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("none")) {
            return Smoothing.none();
        }
        int colon = t.indexOf(':');
        String kind = colon < 0 ? t : t.substring(0, colon);
        int n;
        try {
            n = colon < 0 ? 3 : Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--smoothing: frame count must be a number in '" + text + "'");
        }
        if (n < 1 || n > 100) {
            throw new IllegalArgumentException("--smoothing: frame count must be 1-100, got " + n);
        }
        return switch (kind) {
            case "majority" -> Smoothing.majority(n);
            case "hysteresis" -> Smoothing.hysteresis(n);
            default -> throw new IllegalArgumentException("--smoothing must be majority:N, hysteresis:N or none, got '"
                    + text + "'");
        };
    }
}
