package io.github.mask4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Room capacity through the real relay: starts {@link RelayLoadServer} (the relay and its room monitor) as its own
 * process on loopback, then for each N of a ladder opens N authenticated relay WebSocket connections (a token from
 * the relay's token endpoint per connection, rooms of at most the relay's per-room limit), each sending one track of
 * 640x480 JPEG frames of the sample clips (decoded with mask-video and encoded once, before any clock runs) at a
 * fixed rate. It measures, per frame, the time from sent to the relay's first answer for that track and timestamp
 * (a {@code result}, or an {@code unclassified} for a frame without a face), over a measured window after a warm-up,
 * and the server process's CPU. Prints one JSON line per N and appends it to {@code --out}.
 *
 * <pre>
 * java -cp benchmarks.jar io.github.mask4j.bench.RelayLoad --path whole --model mobilenet_v2
 *     --tracks 1,10,20,30,40,50 --fps 5 --seconds 20 --warmup 5 --out results/capacity.jsonl
 * </pre>
 *
 * <p>Bounded: at most {@value #MAX_TRACKS} connections, {@value #MAX_SECONDS} s measured and {@value #MAX_FPS} fps
 * per track, loopback hosts only; every step ends by itself and the server is stopped at the end.
 *
 * <p>A frame sent while the same socket's previous send is still in progress is not sent (counted as
 * {@code clientSkipped}): the generator never queues frames itself, as a page drawing a canvas would not.
 *
 * <p>Not thread-safe (a command-line program); its own threads share only thread-safe counters.
 */
public final class RelayLoad {
    static final int MAX_TRACKS = 200;
    static final int MAX_SECONDS = 600;
    static final int MAX_WARMUP = 120;
    static final double MAX_FPS = 30;
    static final int WIDTH = 640;
    static final int HEIGHT = 480;
    /** How long after the window answers to its last frames are still taken. */
    static final Duration GRACE = Duration.ofSeconds(5);
    /** How long the server may take to train its head and start listening. */
    static final Duration READY_WITHIN = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private RelayLoad() {}

    public static void main(String[] args) throws Exception {
        String path = RoomThroughput.arg(args, "--path", "whole");
        String model = RoomThroughput.arg(args, "--model", "mobilenet_v2");
        String detector = RoomThroughput.arg(args, "--detector", "ultraface");
        String host = RoomThroughput.arg(args, "--host", "127.0.0.1");
        int[] ladder = Arrays.stream(RoomThroughput.arg(args, "--tracks", "1,10").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        double fps = Double.parseDouble(RoomThroughput.arg(args, "--fps", "5"));
        int seconds = Integer.parseInt(RoomThroughput.arg(args, "--seconds", "20"));
        int warmup = Integer.parseInt(RoomThroughput.arg(args, "--warmup", "5"));
        String heap = RoomThroughput.arg(args, "--server-heap", "1g");
        String size = RoomThroughput.arg(args, "--size", WIDTH + "x" + HEIGHT);
        String[] wh = size.split("x");
        if (wh.length != 2 || !wh[0].matches("\\d{1,4}") || !wh[1].matches("\\d{1,4}")) {
            throw new IllegalArgumentException("--size must be WxH in pixels, e.g. 640x480, got " + size);
        }
        int width = Integer.parseInt(wh[0]);
        int height = Integer.parseInt(wh[1]);
        if (width < 16 || height < 16 || width > 1920 || height > 1080) {
            throw new IllegalArgumentException("--size must be WxH within 16x16 and 1920x1080, got " + size);
        }
        String serverThreads = RoomThroughput.arg(args, "--server-threads", "1");
        String serverWorkers = RoomThroughput.arg(args, "--server-workers", "0");
        Path out = Path.of(RoomThroughput.arg(args, "--out", "capacity.jsonl")).toAbsolutePath();
        checkBounds(ladder, fps, seconds, warmup);
        requireLoopback(host);

        ClipFrames clips = ClipFrames.load(Fixtures.dataDir().resolve("video/clips"), fps, width, height);
        System.err.printf("RelayLoad: %d frames of %d clips at %dx%d, %d bytes a frame on average%n",
                clips.frameCount(), clips.names().size(), width, height, clips.meanBytes());
        Files.createDirectories(out.getParent());
        Path log = out.resolveSibling("relay-server-" + path + ".log");
        int maxTracks = Arrays.stream(ladder).max().orElse(1);
        List<String> tuning = List.of("--threads", serverThreads, "--workers", serverWorkers);
        try (Server server = Server.start(host, path, model, detector, maxTracks, heap, tuning, log);
                CpuSampler cpu = new CpuSampler().track("server", server.pid())
                        .track("load", ProcessHandle.current().pid()).start(250)) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            int step = 0;
            for (int n : ladder) {
                Map<String, Object> row = new Step(server, http, clips, n, fps, warmup, seconds, ++step).run(cpu);
                String line = JSON.writeValueAsString(row);
                System.out.println(line);
                Files.writeString(out, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        }
    }

    /** Refuses ladders and rates beyond the harness's bounds. */
    static void checkBounds(int[] ladder, double fps, int seconds, int warmup) {
        if (ladder.length == 0 || ladder.length > 20) {
            throw new IllegalArgumentException("--tracks needs 1 to 20 counts, e.g. 1,10,20");
        }
        for (int n : ladder) {
            if (n < 1 || n > MAX_TRACKS) {
                throw new IllegalArgumentException("--tracks counts must be in [1, " + MAX_TRACKS + "], got " + n);
            }
        }
        if (!(fps > 0 && fps <= MAX_FPS)) {
            throw new IllegalArgumentException("--fps must be in (0, " + MAX_FPS + "], got " + fps);
        }
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException("--seconds must be in [1, " + MAX_SECONDS + "], got " + seconds);
        }
        if (warmup < 0 || warmup > MAX_WARMUP) {
            throw new IllegalArgumentException("--warmup must be in [0, " + MAX_WARMUP + "], got " + warmup);
        }
    }

    /**
     * Refuses a host that is not, or does not resolve only to, a loopback address: the load goes to this machine
     * alone.
     *
     * @throws IllegalArgumentException naming the host and what it resolved to
     */
    static void requireLoopback(String host) {
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("host " + host + " does not resolve; use 127.0.0.1", e);
        }
        for (InetAddress a : all) {
            if (!a.isLoopbackAddress()) {
                throw new IllegalArgumentException("the load generator sends to loopback addresses only "
                        + "(127.0.0.0/8, ::1, localhost); " + host + " resolves to " + a.getHostAddress());
            }
        }
    }

    /** {@code host} as it goes in a URL (IPv6 literals in brackets). */
    static String urlHost(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** A frame message as the relay page sends it: header length, JSON header, JPEG. */
    static ByteBuffer frameMessage(String room, String participant, String track, long timestamp, byte[] jpeg) {
        byte[] header = JSON.createObjectNode().put("room", room).put("participant", participant).put("track", track)
                .put("timestamp", timestamp).toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + header.length + jpeg.length);
        b.putInt(header.length).put(header).put(jpeg).flip();
        return b;
    }

    /** The relay server process: started, read until ready, stopped by closing its input (then destroyed). */
    static final class Server implements AutoCloseable {
        final Process process;
        final String host;
        final JsonNode ready;

        private Server(Process process, String host, JsonNode ready) {
            this.process = process;
            this.host = host;
            this.ready = ready;
        }

        static Server start(String host, String path, String model, String detector, int maxTracks, String heap,
                List<String> tuning, Path log) throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xms" + heap, "-Xmx" + heap));
            for (String p : List.of("mask4j.model.dir", "mask4j.data.dir", "mask4j.bench.threads")) {
                if (System.getProperty(p) != null) {
                    cmd.add("-D" + p + "=" + System.getProperty(p));
                }
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), RelayLoadServer.class.getName(),
                    "--path", path, "--model", model, "--detector", detector, "--host", host, "--max-tracks",
                    String.valueOf(maxTracks)));
            cmd.addAll(tuning);
            Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
            // a server that never gets ready (or never exits) must not hold the harness: stopped after READY_WITHIN
            AtomicBoolean ready = new AtomicBoolean();
            Thread watchdog = new Thread(() -> {
                try {
                    if (!p.waitFor(READY_WITHIN.toSeconds(), TimeUnit.SECONDS) && !ready.get()) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "relay-server-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
            BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            // the server trains its head first (about a minute on a loaded 2-core machine)
            while ((line = in.readLine()) != null) {
                if (line.startsWith("{")) {
                    JsonNode answer = JSON.readTree(line);
                    if (answer.path("ready").asBoolean()) {
                        ready.set(true);
                        System.err.println("RelayLoad: server ready " + line.replaceAll("\"secret\":\"[^\"]*\"",
                                "\"secret\":\"...\""));
                        return new Server(p, host, answer);
                    }
                }
            }
            p.waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("the relay server exited before it was ready, or took over "
                    + READY_WITHIN.toMinutes() + " minutes (exit "
                    + (p.isAlive() ? "none" : p.exitValue()) + "); see " + log);
        }

        long pid() {
            return process.pid();
        }

        String base(String scheme) {
            return scheme + "://" + urlHost(host) + ":" + ready.get("port").asInt();
        }

        /** A relay token for {@code room} from the relay's token endpoint, as an authenticated caller. */
        String token(HttpClient http, String room) throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base("http") + "/relay-token?room="
                            + URLEncoder.encode(room, StandardCharsets.UTF_8)))
                    .header("Authorization", "Bearer " + ready.get("secret").asText())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("token endpoint answered " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body()).get("token").asText();
        }

        /** The server's counters; {@code gc} runs a full collection first (for the heap in use). */
        JsonNode stats(HttpClient http, boolean gc) throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base("http") + "/stats"
                    + (gc ? "?gc=1" : ""))).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        }

        @Override
        public void close() throws IOException, InterruptedException {
            process.getOutputStream().close();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    /** The answers one connection got. Thread-safe: the counters are atomic. */
    static final class Answers implements WebSocket.Listener {
        final FrameLedger ledger;
        final CompletableFuture<Void> welcome = new CompletableFuture<>();
        final AtomicLong noFace = new AtomicLong();
        final AtomicLong notSure = new AtomicLong();
        final AtomicLong notTrained = new AtomicLong();
        final AtomicLong states = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong ended = new AtomicLong();
        final AtomicReference<String> lastRefusal = new AtomicReference<>();
        final AtomicBoolean closed = new AtomicBoolean();
        private final StringBuilder partial = new StringBuilder();

        Answers(FrameLedger ledger) {
            this.ledger = ledger;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            long now = System.nanoTime();
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    take(JSON.readTree(text), now);
                } catch (IOException e) {
                    refused.incrementAndGet();
                    lastRefusal.set("unreadable answer: " + text);
                }
            }
            ws.request(1);
            return null;
        }

        /** Counts one answer of the relay received at {@code now}. */
        void take(JsonNode m, long now) {
            switch (m.path("type").asText()) {
                case "welcome" -> welcome.complete(null);
                case "result" -> {
                    if (ledger.answered(m.path("participant").asText(), m.path("timestamp").asLong(), now)
                            && m.path("label").asText().equals("not_sure")) {
                        notSure.incrementAndGet();
                    }
                }
                case "unclassified" -> {
                    boolean first = ledger.answered(m.path("participant").asText(), m.path("timestamp").asLong(),
                            now);
                    String reason = m.path("reason").asText();
                    if (first && reason.equals("no_face")) {
                        noFace.incrementAndGet();
                    } else if (reason.equals("not_trained")) {
                        notTrained.incrementAndGet();
                    }
                }
                case "state" -> states.incrementAndGet();
                case "refused" -> {
                    refused.incrementAndGet();
                    lastRefusal.set(m.path("reason").asText());
                }
                case "ended" -> ended.incrementAndGet();
                default -> { }
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.set(true);
            welcome.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.set(true);
            welcome.completeExceptionally(error);
        }
    }

    /** One track: its socket, clip and send state. */
    private static final class Track {
        final String room;
        final String participant;
        final List<byte[]> frames;
        final WebSocket ws;
        final Answers answers;
        final AtomicBoolean sending = new AtomicBoolean();
        long seq;

        Track(String room, String participant, List<byte[]> frames, WebSocket ws, Answers answers) {
            this.room = room;
            this.participant = participant;
            this.frames = frames;
            this.ws = ws;
            this.answers = answers;
        }
    }

    /** One rung of the ladder: N tracks, warm-up, measured window, drain. */
    private static final class Step {
        private final Server server;
        private final HttpClient http;
        private final ClipFrames clips;
        private final int n;
        private final double fps;
        private final int warmup;
        private final int seconds;
        private final int index;
        private final FrameLedger ledger = new FrameLedger();
        private final AtomicLong clientSkipped = new AtomicLong();
        private final AtomicLong sendErrors = new AtomicLong();

        Step(Server server, HttpClient http, ClipFrames clips, int n, double fps, int warmup, int seconds,
                int index) {
            this.server = server;
            this.http = http;
            this.clips = clips;
            this.n = n;
            this.fps = fps;
            this.warmup = warmup;
            this.seconds = seconds;
            this.index = index;
        }

        Map<String, Object> run(CpuSampler cpu) throws Exception {
            int perRoom = server.ready.get("maxTracksPerRoom").asInt();
            int rooms = (n + perRoom - 1) / perRoom;
            List<Track> tracks = new ArrayList<>();
            ScheduledExecutorService clock = Executors.newScheduledThreadPool(2, r -> {
                Thread t = new Thread(r, "relay-load-clock");
                t.setDaemon(true);
                return t;
            });
            try {
                for (int i = 0; i < n; i++) {
                    String room = "load-" + (i % rooms);
                    Answers answers = new Answers(ledger);
                    WebSocket ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                            .buildAsync(URI.create(server.base("ws") + "/relay?token=" + server.token(http, room)),
                                    answers).get(60, TimeUnit.SECONDS);
                    answers.welcome.get(60, TimeUnit.SECONDS);
                    tracks.add(new Track(room, "s" + index + "-p" + i, clips.clip(i), ws, answers));
                }
                JsonNode before = server.stats(http, true);
                long periodNanos = Math.round(1e9 / fps);
                long periodMillis = Math.max(1, Math.round(1000 / fps));
                long baseMillis = System.currentTimeMillis();
                long start = System.nanoTime();
                long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
                long measureTo = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
                for (int i = 0; i < n; i++) {
                    Track t = tracks.get(i);
                    // cameras are not in phase: tracks start spread over one period
                    clock.scheduleAtFixedRate(() -> tick(t, baseMillis, periodMillis, measureFrom, measureTo),
                            periodNanos * i / n, periodNanos, TimeUnit.NANOSECONDS);
                }
                sleepUntil(measureFrom);
                long fromMillis = System.currentTimeMillis();
                sleepUntil(measureTo);
                long toMillis = System.currentTimeMillis();
                clock.shutdown();
                clock.awaitTermination(10, TimeUnit.SECONDS);
                long drainUntil = System.nanoTime() + GRACE.toNanos();
                while (ledger.inFlight() > 0 && System.nanoTime() < drainUntil) {
                    Thread.sleep(50);
                }
                cpu.sample();
                JsonNode after = server.stats(http, true);
                return row(tracks, rooms, before, after, cpu.between(fromMillis, toMillis));
            } finally {
                clock.shutdownNow();
                for (Track t : tracks) {
                    t.ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
                }
                // let the relay end these tracks before the next rung opens its own
                Thread.sleep(1000);
                for (Track t : tracks) {
                    t.ws.abort();
                }
            }
        }

        private void tick(Track t, long baseMillis, long periodMillis, long measureFrom, long measureTo) {
            long now = System.nanoTime();
            if (now >= measureTo) {
                return;
            }
            long seq = t.seq++;
            if (!t.sending.compareAndSet(false, true)) {
                clientSkipped.incrementAndGet();
                return;
            }
            long timestamp = baseMillis + seq * periodMillis;
            ByteBuffer msg = frameMessage(t.room, t.participant, "camera", timestamp,
                    t.frames.get((int) (seq % t.frames.size())));
            ledger.sent(t.participant, timestamp, now, now >= measureFrom);
            t.ws.sendBinary(msg, true).whenComplete((ws, e) -> {
                t.sending.set(false);
                if (e != null) {
                    sendErrors.incrementAndGet();
                }
            });
        }

        private Map<String, Object> row(List<Track> tracks, int rooms, JsonNode before, JsonNode after,
                Map<String, Map<String, Double>> cpu) {
            FrameLedger.Summary s = ledger.summary();
            JsonNode r = server.ready;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", r.get("path").asText());
            m.put("model", r.get("model").asText());
            m.put("detector", r.get("detector").isNull() ? null : r.get("detector").asText());
            m.put("tracks", n);
            m.put("rooms", rooms);
            m.put("fpsPerTrack", fps);
            m.put("seconds", seconds);
            m.put("warmupSeconds", warmup);
            m.put("workers", r.get("workers").asInt());
            m.put("frameSize", clips.width() + "x" + clips.height());
            m.put("meanJpegBytes", clips.meanBytes());
            m.put("offeredFps", n * fps);
            m.put("sentFps", round(s.sent() / (double) seconds));
            m.put("resultFps", round(s.answered() / (double) seconds));
            m.put("sent", s.sent());
            m.put("answered", s.answered());
            m.put("dropped", s.dropped());
            m.put("droppedPercent", round(s.sent() == 0 ? 0 : 100.0 * s.dropped() / s.sent()));
            m.put("p50Ms", round(s.p50Ms()));
            m.put("p99Ms", round(s.p99Ms()));
            m.put("maxMs", round(s.maxMs()));
            m.put("latencyTrend", round(s.latencyTrend()));
            m.put("inFlightMax", s.inFlightMax());
            m.put("superseded", ledger.superseded());
            m.put("clientSkipped", clientSkipped.get());
            m.put("sendErrors", sendErrors.get());
            m.put("noFace", sum(tracks, a -> a.noFace.get()));
            m.put("notSure", sum(tracks, a -> a.notSure.get()));
            m.put("notTrained", sum(tracks, a -> a.notTrained.get()));
            m.put("stateChanges", sum(tracks, a -> a.states.get()));
            m.put("refused", sum(tracks, a -> a.refused.get()));
            m.put("closedEarly", sum(tracks, a -> a.closed.get() ? 1 : 0));
            tracks.stream().map(t -> t.answers.lastRefusal.get()).filter(x -> x != null).findFirst()
                    .ifPresent(reason -> m.put("refusal", reason));
            m.put("serverCpuCores", round(cpu.get("server").get(CpuSampler.TOTAL) / seconds));
            m.put("loadCpuCores", round(cpu.get("load").get(CpuSampler.TOTAL) / seconds));
            if (cpu.containsKey("machine")) {
                m.put("machineCpuCores", round(cpu.get("machine").get(CpuSampler.TOTAL) / seconds));
            }
            m.put("serverReceived", after.get("receivedFrames").asLong() - before.get("receivedFrames").asLong());
            m.put("serverHeapMbBefore", round(before.get("heapUsedBytes").asLong() / 1048576.0));
            m.put("serverHeapMbAfter", round(after.get("heapUsedBytes").asLong() / 1048576.0));
            m.put("serverThreadsBefore", before.get("threads").asInt());
            m.put("serverThreadsAfter", after.get("threads").asInt());
            return m;
        }

        private static long sum(List<Track> tracks, java.util.function.ToLongFunction<Answers> f) {
            return tracks.stream().mapToLong(t -> f.applyAsLong(t.answers)).sum();
        }

        private static void sleepUntil(long nanoTime) throws InterruptedException {
            for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, 100_000_000L));
            }
        }
    }

    /** Two decimals (NaN stays NaN, written as a string by Jackson: never for a measured rung). */
    static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : v;
    }
}
