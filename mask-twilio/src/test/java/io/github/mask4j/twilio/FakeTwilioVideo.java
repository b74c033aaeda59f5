package io.github.mask4j.twilio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server answering the Video REST calls mask-twilio makes with JSON in Twilio's published resource
 * shapes (every property of the OpenAPI description's response schemas, list envelopes with {@code meta}; checked by
 * {@code FakeTwilioSchemaTest}), checking Basic auth, answering the Participants list as Twilio does (only
 * {@code connected} participants of a room in progress unless a Status is asked for, only {@code disconnected} ones of
 * a completed room), and serving recording media behind a 302 with both a {@code Location} header and a
 * {@code redirect_to} JSON body. Every JSON document served is kept in {@link #served}.
 */
final class FakeTwilioVideo implements AutoCloseable {
    static final String ACCOUNT = "AC00000000000000000000000000000000";
    static final String KEY = "SK00000000000000000000000000000000";
    static final String SECRET = "s3cr3t-s3cr3t-s3cr3t-s3cr3t-1234";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The media endpoint, which the OpenAPI description does not list. */
    static final String MEDIA = "GET /v1/Recordings/{Sid}/Media";

    record Room(String sid, String name, String status) {}

    record Participant(String sid, String roomSid, String identity, String status) {}

    record Track(String sid, String roomSid, String participantSid, String name, String kind) {}

    /**
     * @param reportedSize the {@code size} the API reports, or null for the media file's byte count
     * @param jsonRedirect answer the media request with 200 and only a {@code redirect_to} body (no Location)
     */
    record Recording(String sid, String roomSid, String participantSid, String trackName, String type, String codec,
            long offset, Path media, boolean jsonRedirect, Long reportedSize) {
        Recording(String sid, String roomSid, String participantSid, String trackName, String type, String codec,
                long offset, Path media, boolean jsonRedirect) {
            this(sid, roomSid, participantSid, trackName, type, codec, offset, media, jsonRedirect, null);
        }
    }

    /** One JSON document served: the endpoint as the OpenAPI description names it, the HTTP status, the body. */
    record Served(String endpoint, int status, String body) {}

    final List<Room> rooms = new CopyOnWriteArrayList<>();
    final List<Participant> participants = new CopyOnWriteArrayList<>();
    final List<Track> tracks = new CopyOnWriteArrayList<>();
    final List<Recording> recordings = new CopyOnWriteArrayList<>();
    /** Requests seen, "METHOD path?query". */
    final List<String> requests = new CopyOnWriteArrayList<>();
    /** Every JSON document served. */
    final List<Served> served = new CopyOnWriteArrayList<>();
    /** Storage downloads that still fail (truncated body) before one succeeds, per recording sid. */
    final Map<String, AtomicInteger> truncateNext = new ConcurrentHashMap<>();
    /** Storage downloads that still stall (half the body, then nothing until close) before one succeeds, per sid. */
    final Map<String, AtomicInteger> stallNext = new ConcurrentHashMap<>();
    /** Released on close: ends the stalled storage responses. */
    private final CountDownLatch closing = new CountDownLatch(1);
    /** Storage requests that carried an Authorization header (must stay 0: credentials never leave Twilio). */
    final AtomicInteger leakedAuth = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();

    FakeTwilioVideo() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/", this::api);
        server.createContext("/storage/", this::storage);
        server.setExecutor(handlers); // a stalled response must not hold up the requests after it
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void api(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String query = ex.getRequestURI().getRawQuery();
            requests.add(ex.getRequestMethod() + " " + path + (query == null ? "" : "?" + query));
            String expected = "Basic " + Base64.getEncoder().encodeToString((KEY + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, null, 401, error(20003, "Authenticate"));
                return;
            }
            Map<String, String> q = parse(query);
            String[] p = path.substring(1).split("/");
            // p[0] = v1
            if (p.length == 2 && p[1].equals("Rooms")) {
                ArrayNode arr = JSON.createArrayNode();
                // Twilio's default for this list is in-progress
                String status = q.getOrDefault("Status", "in-progress");
                rooms.stream().filter(r -> r.status.equals(status)).forEach(r -> arr.add(room(r)));
                send(ex, "GET /v1/Rooms", 200, page("rooms", path, arr, q));
            } else if (p.length == 3 && p[1].equals("Rooms")) {
                Room r = rooms.stream().filter(x -> x.sid.equals(p[2]) || x.name.equals(p[2])).findFirst().orElse(null);
                if (r == null) {
                    send(ex, null, 404, error(20404, "The requested resource " + path + " was not found"));
                } else {
                    send(ex, "GET /v1/Rooms/{Sid}", 200, room(r).toString());
                }
            } else if (p.length == 4 && p[1].equals("Rooms") && p[3].equals("Participants")) {
                String room = resolveRoom(p[2]);
                // without a Status: connected participants of a room in progress, disconnected ones of a finished room
                boolean inProgress = rooms.stream().anyMatch(r -> r.sid.equals(room) && r.status.equals("in-progress"));
                String status = q.getOrDefault("Status", inProgress ? "connected" : "disconnected");
                ArrayNode arr = JSON.createArrayNode();
                participants.stream().filter(x -> x.roomSid.equals(room)).filter(x -> x.status.equals(status))
                        .forEach(x -> arr.add(participant(x)));
                send(ex, "GET /v1/Rooms/{RoomSid}/Participants", 200, page("participants", path, arr, q));
            } else if (p.length == 5 && p[1].equals("Rooms") && p[3].equals("Participants")) {
                String room = resolveRoom(p[2]);
                Participant x = participants.stream().filter(y -> y.roomSid.equals(room)
                        && (y.sid.equals(p[4]) || y.identity.equals(p[4]))).findFirst().orElse(null);
                if (x == null) {
                    send(ex, null, 404, error(20404, "The requested resource " + path + " was not found"));
                } else {
                    send(ex, "GET /v1/Rooms/{RoomSid}/Participants/{Sid}", 200, participant(x).toString());
                }
            } else if (p.length == 6 && p[1].equals("Rooms") && p[3].equals("Participants")
                    && p[5].equals("PublishedTracks")) {
                String room = resolveRoom(p[2]);
                ArrayNode arr = JSON.createArrayNode();
                tracks.stream().filter(t -> t.roomSid.equals(room) && t.participantSid.equals(p[4]))
                        .forEach(t -> arr.add(track(t)));
                send(ex, "GET /v1/Rooms/{RoomSid}/Participants/{ParticipantSid}/PublishedTracks", 200,
                        page("published_tracks", path, arr, q));
            } else if (p.length == 4 && p[1].equals("Rooms") && p[3].equals("Recordings")) {
                String room = resolveRoom(p[2]);
                ArrayNode arr = JSON.createArrayNode();
                recordings.stream().filter(r -> r.roomSid.equals(room))
                        .filter(r -> q.get("Status") == null || q.get("Status").equals("completed"))
                        .forEach(r -> arr.add(recording(r)));
                send(ex, "GET /v1/Rooms/{RoomSid}/Recordings", 200, page("recordings", path, arr, q));
            } else if (p.length == 5 && p[1].equals("Rooms") && p[3].equals("Recordings")) {
                String room = resolveRoom(p[2]);
                Recording r = recordings.stream().filter(x -> x.roomSid.equals(room) && x.sid.equals(p[4])).findFirst()
                        .orElse(null);
                if (r == null) {
                    send(ex, null, 404, error(20404, "The requested resource " + path + " was not found"));
                } else {
                    send(ex, "GET /v1/Rooms/{RoomSid}/Recordings/{Sid}", 200, recording(r).toString());
                }
            } else if (p.length == 4 && p[1].equals("Recordings") && p[3].equals("Media")) {
                Recording r = recordings.stream().filter(x -> x.sid.equals(p[2])).findFirst().orElse(null);
                if (r == null) {
                    send(ex, null, 404, error(20404, "The requested resource " + path + " was not found"));
                    return;
                }
                String location = base() + "/storage/" + r.sid + "?Expires=600&Signature=abc";
                String body = JSON.createObjectNode().put("redirect_to", location).toString();
                if (r.jsonRedirect) {
                    send(ex, MEDIA, 200, body);
                } else {
                    // Twilio: 302 Found, Location header, and the same URL as redirect_to in a JSON body
                    ex.getResponseHeaders().add("Location", location);
                    send(ex, MEDIA, 302, body);
                }
            } else {
                send(ex, null, 404, error(20404, "The requested resource " + path + " was not found"));
            }
        }
    }

    private void storage(HttpExchange ex) throws IOException {
        try (ex) {
            requests.add("GET " + ex.getRequestURI().getPath());
            if (ex.getRequestHeaders().containsKey("Authorization")) {
                leakedAuth.incrementAndGet();
            }
            String sid = ex.getRequestURI().getPath().substring("/storage/".length());
            Recording r = recordings.stream().filter(x -> x.sid.equals(sid)).findFirst().orElse(null);
            if (r == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = Files.readAllBytes(r.media);
            AtomicInteger stall = stallNext.get(sid);
            if (stall != null && stall.getAndDecrement() > 0) {
                // the storage stops sending mid-body and keeps the connection open
                sendFirstHalf(ex, body);
                try {
                    closing.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("stalled storage response ended (test)");
            }
            AtomicInteger fail = truncateNext.get(sid);
            if (fail != null && fail.getAndDecrement() > 0) {
                // the storage hiccups: the connection drops half way through a body of announced length (the JDK
                // server closes the connection when a handler throws)
                sendFirstHalf(ex, body);
                throw new IOException("storage connection dropped (test)");
            }
            ex.getResponseHeaders().add("Content-Type", "video/x-matroska");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Headers announcing the whole body, then only its first half. */
    private static void sendFirstHalf(HttpExchange ex, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "video/x-matroska");
        ex.sendResponseHeaders(200, body.length);
        OutputStream out = ex.getResponseBody();
        out.write(body, 0, body.length / 2);
        out.flush();
    }

    private String resolveRoom(String sidOrName) {
        return rooms.stream().filter(r -> r.sid.equals(sidOrName) || r.name.equals(sidOrName)).map(Room::sid)
                .findFirst().orElse(sidOrName);
    }

    private ObjectNode room(Room r) {
        ObjectNode n = JSON.createObjectNode();
        String url = "https://video.twilio.com/v1/Rooms/" + r.sid;
        boolean ended = !r.status.equals("in-progress");
        n.put("sid", r.sid).put("status", r.status).put("date_created", "2026-11-26T10:00:00Z")
                .put("date_updated", "2026-11-26T10:00:00Z").put("account_sid", ACCOUNT).put("enable_turn", true)
                .put("unique_name", r.name).putNull("status_callback");
        n.put("status_callback_method", "POST");
        if (ended) {
            n.put("end_time", "2026-11-26T11:00:00Z").put("duration", 3600);
        } else {
            n.putNull("end_time").putNull("duration");
        }
        n.put("type", "group").put("max_participants", 50).put("max_participant_duration", 14400)
                .put("max_concurrent_published_tracks", 170).put("record_participants_on_connect", true);
        n.putArray("video_codecs").add("VP8").add("H264");
        n.put("media_region", "us1").put("audio_only", false).put("empty_room_timeout", 5)
                .put("unused_room_timeout", 5).put("large_room", false).put("url", url);
        n.putObject("links").put("participants", url + "/Participants").put("recordings", url + "/Recordings")
                .put("recording_rules", url + "/RecordingRules");
        return n;
    }

    private ObjectNode participant(Participant x) {
        ObjectNode n = JSON.createObjectNode();
        String url = "https://video.twilio.com/v1/Rooms/" + x.roomSid + "/Participants/" + x.sid;
        n.put("sid", x.sid).put("room_sid", x.roomSid).put("account_sid", ACCOUNT).put("status", x.status)
                .put("identity", x.identity).put("date_created", "2026-11-26T10:00:01Z")
                .put("date_updated", "2026-11-26T10:00:01Z").put("start_time", "2026-11-26T10:00:01Z");
        if (x.status.equals("disconnected")) {
            n.put("end_time", "2026-11-26T10:10:01Z").put("duration", 600);
        } else {
            n.putNull("end_time").putNull("duration");
        }
        n.put("url", url);
        n.putObject("links").put("published_tracks", url + "/PublishedTracks")
                .put("subscribed_tracks", url + "/SubscribedTracks").put("subscribe_rules", url + "/SubscribeRules")
                .put("anonymize", url + "/Anonymize");
        return n;
    }

    private ObjectNode track(Track t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("sid", t.sid).put("participant_sid", t.participantSid).put("room_sid", t.roomSid).put("name", t.name)
                .put("kind", t.kind).put("enabled", true).put("date_created", "2026-11-26T10:00:02Z")
                .put("date_updated", "2026-11-26T10:00:02Z").put("url", "https://video.twilio.com/v1/Rooms/"
                        + t.roomSid + "/Participants/" + t.participantSid + "/PublishedTracks/" + t.sid);
        return n;
    }

    private ObjectNode recording(Recording r) {
        ObjectNode n = JSON.createObjectNode();
        long size;
        try {
            size = r.reportedSize != null ? r.reportedSize : Files.size(r.media);
        } catch (IOException e) {
            size = 0;
        }
        n.put("sid", r.sid).put("account_sid", ACCOUNT).put("room_sid", r.roomSid).put("status", "completed")
                .put("date_created", "2026-11-26T10:05:00Z").put("type", r.type).put("codec", r.codec)
                .put("container_format", r.type.equals("video") ? "mkv" : "mka").put("duration", 10)
                .put("size", size).put("offset", r.offset).put("track_name", r.trackName)
                .put("source_sid", "MT" + r.sid.substring(2))
                .put("url", "https://video.twilio.com/v1/Rooms/" + r.roomSid + "/Recordings/" + r.sid);
        n.putNull("media_external_location");
        n.putObject("grouping_sids").put("room_sid", r.roomSid).put("participant_sid", r.participantSid);
        n.putObject("links").put("media",
                "https://video.twilio.com/v1/Rooms/" + r.roomSid + "/Recordings/" + r.sid + "/Media");
        return n;
    }

    /** Twilio's list envelope, paged by PageSize/Page like the real API (next_page_url is absolute). */
    private static String page(String key, String path, ArrayNode all, Map<String, String> q) {
        int size = Integer.parseInt(q.getOrDefault("PageSize", "50"));
        int page = Integer.parseInt(q.getOrDefault("Page", "0"));
        ObjectNode root = JSON.createObjectNode();
        ArrayNode items = root.putArray(key);
        for (int i = page * size; i < Math.min(all.size(), (page + 1) * size); i++) {
            items.add(all.get(i));
        }
        String filter = q.containsKey("Status") ? "Status=" + q.get("Status") + "&" : "";
        String base = "https://video.twilio.com" + path + "?" + filter + "PageSize=" + size;
        ObjectNode meta = root.putObject("meta");
        meta.put("page", page).put("page_size", size).put("first_page_url", base + "&Page=0")
                .put("url", base + "&Page=" + page).put("key", key);
        if (page > 0) {
            meta.put("previous_page_url", base + "&Page=" + (page - 1));
        } else {
            meta.putNull("previous_page_url");
        }
        if ((page + 1) * size < all.size()) {
            meta.put("next_page_url", base + "&Page=" + (page + 1));
        } else {
            meta.putNull("next_page_url");
        }
        return root.toString();
    }

    private static String error(int code, String message) {
        return "{\"code\":" + code + ",\"message\":\"" + message + "\",\"more_info\":\"https://www.twilio.com/docs/errors/"
                + code + "\",\"status\":" + (code == 20003 ? 401 : 404) + "}";
    }

    private static Map<String, String> parse(String query) {
        Map<String, String> m = new ConcurrentHashMap<>();
        if (query == null) {
            return m;
        }
        for (String kv : query.split("&")) {
            int i = kv.indexOf('=');
            if (i > 0) {
                m.put(java.net.URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    private void send(HttpExchange ex, String endpoint, int status, String body) throws IOException {
        if (endpoint != null) {
            served.add(new Served(endpoint, status, body));
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    List<String> requestsMatching(String prefix) {
        List<String> out = new ArrayList<>();
        for (String r : requests) {
            if (r.startsWith(prefix)) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}
