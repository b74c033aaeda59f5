package io.github.mask4j.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.video.v1.Room;
import io.github.mask4j.twilio.recording.MediaDownloader;
import io.github.mask4j.twilio.recording.RecordingCatalog;
import io.github.mask4j.twilio.recording.TrackRecording;
import io.github.mask4j.twilio.rest.RoomInventory;
import io.github.mask4j.twilio.rest.RoutingHttpClient;
import io.github.mask4j.twilio.rest.TwilioClients;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Keeps the fake Twilio server honest: every JSON document it serves while mask-twilio's REST code runs against it is
 * checked against the response schema of the same endpoint in Twilio's OpenAPI description (property names, types,
 * formats, enums, nullability), as captured in {@code twilio-video-v1-responses.json} (derived from twilio/twilio-oai
 * {@code spec/json/twilio_video_v1.json}; its {@code source} field names the commit).
 */
class FakeTwilioSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TwilioCredentials CREDS =
            new TwilioCredentials(FakeTwilioVideo.ACCOUNT, FakeTwilioVideo.KEY, FakeTwilioVideo.SECRET);

    static JsonNode spec() throws IOException {
        try (InputStream in = FakeTwilioSchemaTest.class.getResourceAsStream("twilio-video-v1-responses.json")) {
            return JSON.readTree(in);
        }
    }

    @Test
    void everyDocumentTheFakeServesMatchesTwiliosPublishedSchema() throws Exception {
        JsonNode spec = spec();
        Path media = Files.createDirectories(Path.of("target", "schema-test")).resolve("media.mkv");
        Files.write(media, "not really matroska, only bytes to move".getBytes(StandardCharsets.UTF_8));
        try (FakeTwilioVideo fake = new FakeTwilioVideo()) {
            fake.rooms.add(new FakeTwilioVideo.Room("RM1", "class-7b", "in-progress"));
            fake.rooms.add(new FakeTwilioVideo.Room("RM2", "yesterday", "completed"));
            fake.participants.add(new FakeTwilioVideo.Participant("PA1", "RM1", "alice", "connected"));
            fake.participants.add(new FakeTwilioVideo.Participant("PA2", "RM1", "bob", "reconnecting"));
            fake.participants.add(new FakeTwilioVideo.Participant("PA3", "RM1", "carol", "disconnected"));
            fake.tracks.add(new FakeTwilioVideo.Track("MT1", "RM1", "PA1", "camera", "video"));
            fake.tracks.add(new FakeTwilioVideo.Track("MT2", "RM1", "PA1", "mic", "audio"));
            fake.recordings.add(new FakeTwilioVideo.Recording("RT1", "RM1", "PA3", "camera", "video", "VP8", 100, media,
                    false));
            fake.recordings.add(new FakeTwilioVideo.Recording("RT2", "RM1", "PA3", "mic", "audio", "OPUS", 100, media,
                    false));
            TwilioRestClient client = TwilioClients.restClient(CREDS, RoutingHttpClient.videoTo(fake.base()));
            RoomInventory inventory = new RoomInventory(client);
            RecordingCatalog catalog = new RecordingCatalog(client);

            assertThat(inventory.roomsInProgress()).hasSize(1);
            assertThat(inventory.videoOf("RM1")).extracting(v -> v.participant().identity())
                    .containsExactly("alice", "bob");
            assertThat(Room.fetcher("RM2").fetch(client).getStatus()).isEqualTo(Room.RoomStatus.COMPLETED);
            List<TrackRecording> video = catalog.videoRecordings("RM1");
            assertThat(video).extracting(TrackRecording::sid).containsExactly("RT1");
            assertThat(catalog.recording("RM1", "RT2").type()).isEqualTo("audio");
            assertThat(catalog.identity("RM1", "PA3")).contains("carol");
            assertThat(catalog.earliestOffset("RM1")).hasValue(100);
            RoutingHttpClient routing = RoutingHttpClient.videoTo(fake.base());
            Path target = media.resolveSibling("downloaded.mkv");
            assertThat(new MediaDownloader(CREDS, routing::route, 1, Duration.ZERO).download(video.get(0), target))
                    .isEqualTo(Files.size(media));

            // the media endpoint as Twilio answers it: 302 with Location, and the same URL as redirect_to
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(routing.route(MediaDownloader.mediaUrl("RT1"))))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (FakeTwilioVideo.KEY + ":" + FakeTwilioVideo.SECRET).getBytes(StandardCharsets.UTF_8)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(302);
            assertThat(JSON.readTree(r.body()).get("redirect_to").asText())
                    .isEqualTo(r.headers().firstValue("Location").orElseThrow());

            Set<String> endpoints = new TreeSet<>();
            List<String> problems = new ArrayList<>();
            for (FakeTwilioVideo.Served s : fake.served) {
                endpoints.add(s.endpoint());
                problems.addAll(check(spec, s));
            }
            assertThat(problems).as("fake documents that differ from Twilio's schema").isEmpty();
            Set<String> expected = new TreeSet<>();
            spec.get("endpoints").fieldNames().forEachRemaining(expected::add);
            expected.add(FakeTwilioVideo.MEDIA);
            assertThat(endpoints).as("every endpoint the fake serves was exercised and checked").isEqualTo(expected);
        }
    }

    @Test
    void theCheckFindsWrongNamesTypesAndEnums() throws Exception {
        JsonNode spec = spec();
        String good = "{\"sid\":\"PA1\",\"room_sid\":\"RM1\",\"account_sid\":\"AC1\",\"status\":\"connected\","
                + "\"identity\":\"a\",\"date_created\":\"2026-11-26T10:00:01Z\",\"date_updated\":null,"
                + "\"start_time\":null,\"end_time\":null,\"duration\":null,\"url\":\"https://video.twilio.com/x\","
                + "\"links\":{}}";
        String endpoint = "GET /v1/Rooms/{RoomSid}/Participants/{Sid}";
        assertThat(check(spec, new FakeTwilioVideo.Served(endpoint, 200, good))).isEmpty();
        String bad = good.replace("\"identity\":\"a\"", "\"participant_identity\":\"a\"")
                .replace("\"duration\":null", "\"duration\":\"600\"").replace("\"connected\"", "\"online\"")
                .replace("\"2026-11-26T10:00:01Z\"", "\"yesterday\"");
        List<String> problems = check(spec, new FakeTwilioVideo.Served(endpoint, 200, bad));
        assertThat(problems).anyMatch(p -> p.contains("participant_identity") && p.contains("not in"))
                .anyMatch(p -> p.contains("identity") && p.contains("missing"))
                .anyMatch(p -> p.contains("duration") && p.contains("integer"))
                .anyMatch(p -> p.contains("status") && p.contains("online"))
                .anyMatch(p -> p.contains("date_created") && p.contains("date-time"));
    }

    /** Problems of one served document against its endpoint's schema; empty when it matches. */
    static List<String> check(JsonNode spec, FakeTwilioVideo.Served s) throws IOException {
        List<String> problems = new ArrayList<>();
        JsonNode doc = JSON.readTree(s.body());
        if (s.endpoint().equals(FakeTwilioVideo.MEDIA)) {
            if (doc.size() != 1 || !doc.path("redirect_to").isTextual()
                    || !URI.create(doc.get("redirect_to").asText()).isAbsolute()) {
                problems.add(s.endpoint() + ": expected {\"redirect_to\": absolute URL}, got " + doc);
            }
            return problems;
        }
        JsonNode endpoint = spec.get("endpoints").get(s.endpoint());
        if (endpoint == null) {
            problems.add(s.endpoint() + " is not an endpoint of the schema file");
            return problems;
        }
        JsonNode resource = spec.get("resources").get(endpoint.get("resource").asText());
        if (endpoint.has("list")) {
            String key = endpoint.get("list").asText();
            Set<String> top = new TreeSet<>();
            doc.fieldNames().forEachRemaining(top::add);
            if (!top.equals(new TreeSet<>(List.of(key, "meta")))) {
                problems.add(s.endpoint() + ": list envelope has " + top + ", expected [" + key + ", meta]");
            }
            object(s.endpoint() + " meta", doc.get("meta"), spec.get("meta"), problems);
            if (!doc.path("meta").path("key").asText().equals(key)) {
                problems.add(s.endpoint() + ": meta.key is not " + key);
            }
            for (JsonNode item : doc.path(key)) {
                object(s.endpoint() + " " + key + "[]", item, resource, problems);
            }
        } else {
            object(s.endpoint(), doc, resource, problems);
        }
        return problems;
    }

    private static void object(String where, JsonNode doc, JsonNode schema, List<String> problems) {
        if (doc == null || !doc.isObject()) {
            problems.add(where + ": not an object: " + doc);
            return;
        }
        for (Iterator<String> it = doc.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!schema.has(name)) {
                problems.add(where + ": property " + name + " is not in Twilio's schema");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            if (!doc.has(p.getKey())) {
                problems.add(where + ": property " + p.getKey() + " is missing (Twilio always sends it, null if unset)");
                continue;
            }
            value(where + "." + p.getKey(), doc.get(p.getKey()), p.getValue(), problems);
        }
    }

    private static void value(String where, JsonNode v, JsonNode type, List<String> problems) {
        if (v.isNull()) {
            if (!type.path("nullable").asBoolean()) {
                problems.add(where + ": null, but not nullable");
            }
            return;
        }
        String t = type.path("type").asText();
        boolean ok = switch (t) {
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber();
            case "boolean" -> v.isBoolean();
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            default -> true;
        };
        if (!ok) {
            problems.add(where + ": " + v + " is not of type " + t);
            return;
        }
        if (type.has("enum")) {
            List<String> allowed = new ArrayList<>();
            type.get("enum").forEach(e -> allowed.add(e.asText()));
            if (!allowed.contains(v.asText())) {
                problems.add(where + ": " + v + " is not one of " + allowed);
            }
        }
        String format = type.path("format").asText("");
        try {
            if (format.equals("date-time")) {
                OffsetDateTime.parse(v.asText());
            } else if (format.equals("uri") && !URI.create(v.asText()).isAbsolute()) {
                problems.add(where + ": " + v + " is not an absolute uri");
            }
        } catch (RuntimeException e) {
            problems.add(where + ": " + v + " is not a " + format);
        }
        if (t.equals("array") && type.has("items")) {
            for (JsonNode item : v) {
                value(where + "[]", item, type.get("items"), problems);
            }
        }
    }
}
