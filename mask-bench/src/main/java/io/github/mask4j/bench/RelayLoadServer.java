package io.github.mask4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mask4j.classification.Classifier;
import io.github.mask4j.classification.LabelledImage;
import io.github.mask4j.extractor.FeatureExtractor;
import io.github.mask4j.face.FaceCrops;
import io.github.mask4j.face.FaceDetector;
import io.github.mask4j.face.FaceModel;
import io.github.mask4j.face.MaskDetector;
import io.github.mask4j.model.ModelSpec;
import io.github.mask4j.training.TrainingOptions;
import io.github.mask4j.twilio.http.ServerOptions;
import io.github.mask4j.twilio.http.SessionSecret;
import io.github.mask4j.twilio.http.WebServer;
import io.github.mask4j.twilio.monitor.RoomMonitor;
import io.github.mask4j.twilio.relay.RelayLimits;
import io.github.mask4j.twilio.relay.RelayServer;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server side of {@link RelayLoad}, run as its own process: the live relay ({@link RelayServer} mounted on a
 * {@link WebServer}, as the web demo mounts it) feeding a {@link RoomMonitor} that classifies every track's frames
 * on the relay's bounded workers and answers each frame over the socket. The monitor classifies the whole frame
 * with a MobileNet head trained at start on {@code data/masks/train} ({@code --path whole}), or goes through the
 * face path ({@code --path face}: a face detector, then a head trained on the same photos cut to their largest
 * face). Tokens come from the relay's own token endpoint ({@code POST /relay-token?room=}) for callers holding the
 * per-start {@link SessionSecret}; {@code GET /stats[?gc=1]} reports the relay's counters and the JVM's heap and threads.
 *
 * <p>Listens on loopback only. Prints one JSON line once ready ({@code port}, {@code secret}, the limits), then
 * serves until its standard input ends (the load generator that started it closes it, or exits).
 *
 * <pre>
 * java -cp benchmarks.jar io.github.mask4j.bench.RelayLoadServer --path whole --model mobilenet_v2
 *     [--detector ultraface] [--host 127.0.0.1] [--port 0] [--max-tracks 64] [--threads N] [--workers N]
 * </pre>
 *
 * <p>Not thread-safe beyond what the relay and monitor are (a command-line program).
 */
public final class RelayLoadServer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RelayLoadServer() {}

    public static void main(String[] args) throws Exception {
        String path = RoomThroughput.arg(args, "--path", "whole");
        String model = RoomThroughput.arg(args, "--model", "mobilenet_v2");
        String detectorName = RoomThroughput.arg(args, "--detector", "ultraface");
        String host = RoomThroughput.arg(args, "--host", "127.0.0.1");
        int port = Integer.parseInt(RoomThroughput.arg(args, "--port", "0"));
        int maxTracks = Integer.parseInt(RoomThroughput.arg(args, "--max-tracks", "64"));
        // as `mask4j serve` runs: one ONNX Runtime thread per call and one monitor worker per core (0: the
        // library's defaults, every core per call)
        int threads = Integer.parseInt(RoomThroughput.arg(args, "--threads", "1"));
        int workers = Integer.parseInt(RoomThroughput.arg(args, "--workers", "0"));
        RelayLoad.requireLoopback(host);
        if (!path.equals("whole") && !path.equals("face")) {
            throw new IllegalArgumentException("--path must be whole or face, got " + path);
        }
        List<LabelledImage> train = LabelledImage.fromDirectory(Fixtures.dataDir().resolve("masks/train"));
        long t0 = System.nanoTime();
        System.setProperty("mask4j.model.dir", Fixtures.modelDir().toString());
        try (FeatureExtractor extractor = FeatureExtractor.open(
                        ModelSpec.of(model).toBuilder().threads(threads).build());
                FaceDetector detector = path.equals("face") ? FaceBenchmark.openDetector(faceModel(detectorName))
                        : null) {
            Classifier head = extractor.classification();
            // as `mask4j serve` builds it: JPEGs much larger than the model input are decoded smaller
            RoomMonitor.Builder mb = RoomMonitor.builder().decodeNoLargerThanNeeded(true);
            if (workers > 0) {
                mb.workers(workers);
            }
            if (detector == null) {
                head.addImages(train);
                head.train(TrainingOptions.defaults());
                mb.classifier(head);
            } else {
                head.addImages(FaceCrops.cropToLargestFace(detector, train, MaskDetector.DEFAULT_MARGIN).images());
                head.train(TrainingOptions.defaults());
                mb.maskDetector(MaskDetector.of(detector, head));
            }
            long trainMillis = (System.nanoTime() - t0) / 1_000_000;
            SessionSecret secret = SessionSecret.random();
            // the product's default limits (32 tracks a room, 16 a connection), more in total only when asked
            RelayLimits defaults = RelayLimits.defaults();
            int total = Math.max(defaults.maxTracks(), maxTracks);
            try (RoomMonitor monitor = mb.build();
                    WebServer server = new WebServer(ServerOptions.builder().listen(host, port).build())) {
                RelayServer relay = RelayServer.builder().monitor(monitor).servePage(false).mountOn(server)
                        .tokenEndpoint(secret)
                        .limits(l -> l.maxTracks(total, defaults.maxTracksPerRoom(), defaults.maxTracksPerConnection()))
                        .build();
                try (relay) {
                    server.route("GET", "/stats", ex -> ex.json(200, stats(relay, "1".equals(ex.query("gc")))));
                    server.start();
                    RelayLimits limits = relay.limits();
                    Map<String, Object> ready = new LinkedHashMap<>();
                    ready.put("ready", true);
                    ready.put("port", server.port());
                    ready.put("secret", secret.value());
                    ready.put("path", path);
                    ready.put("model", model);
                    ready.put("detector", detector == null ? null : detectorName);
                    ready.put("maxTracks", limits.maxTracks());
                    ready.put("maxTracksPerRoom", limits.maxTracksPerRoom());
                    ready.put("workers", limits.workers());
                    ready.put("trainMillis", trainMillis);
                    System.out.println(JSON.writeValueAsString(ready));
                    System.out.flush();
                    // serve until the load generator closes our input (or dies)
                    InputStream in = System.in;
                    while (in.read() >= 0) {
                        // nothing is expected on stdin; EOF ends the server
                    }
                }
            }
        }
    }

    private static FaceModel faceModel(String name) {
        return switch (name) {
            case "ultraface" -> FaceModel.ULTRAFACE_RFB_320;
            case "yunet" -> FaceModel.YUNET;
            default -> throw new IllegalArgumentException("--detector must be ultraface or yunet, got " + name);
        };
    }

    /** The relay's counters and the JVM's heap (after a full collection when {@code gc}) and threads. */
    private static Map<String, Object> stats(RelayServer relay, boolean gc) {
        if (gc) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("receivedFrames", relay.receivedFrames());
        m.put("refusedFrames", relay.refusedFrames());
        m.put("evictedTracks", relay.evictedTracks());
        m.put("heapUsedBytes", rt.totalMemory() - rt.freeMemory());
        m.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
        return m;
    }
}
