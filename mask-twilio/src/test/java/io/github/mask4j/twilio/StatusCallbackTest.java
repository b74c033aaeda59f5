package io.github.mask4j.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mask4j.twilio.callback.RoomEvent;
import io.github.mask4j.twilio.callback.StatusCallbackServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class StatusCallbackTest {
    private static final String AUTH_TOKEN = "12345678901234567890123456789012";
    private static final URI PUBLIC = URI.create("https://mask4j.example.org/twilio/video-status");

    /** Signs like Twilio does: base64(HMAC-SHA1(authToken, url + sorted key+value pairs)). */
    static String sign(String token, String url, Map<String, String> params) throws Exception {
        StringBuilder b = new StringBuilder(url);
        new TreeMap<>(params).forEach((k, v) -> b.append(k).append(v));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(b.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> post(int port, Map<String, String> params, String signature) throws Exception {
        String body = params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + PUBLIC.getPath()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            r.header("X-Twilio-Signature", signature);
        }
        return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void signedCallbacksAreAcceptedForgedAndUnsignedRejected() throws Exception {
        List<RoomEvent> events = new CopyOnWriteArrayList<>();
        try (StatusCallbackServer server = StatusCallbackServer.builder().authToken(AUTH_TOKEN).publicUrl(PUBLIC)
                .listen("127.0.0.1", 0).listener(events::add).build()) {
            Map<String, String> connected = Map.of("AccountSid", FakeTwilioVideo.ACCOUNT, "RoomSid", "RM1",
                    "RoomName", "class-7b", "RoomStatus", "in-progress", "StatusCallbackEvent", "participant-connected",
                    "ParticipantSid", "PA1", "ParticipantIdentity", "alice", "SequenceNumber", "2",
                    "Timestamp", "2026-11-26T10:00:01.000Z");
            assertThat(post(server.port(), connected, sign(AUTH_TOKEN, PUBLIC.toString(), connected)).statusCode())
                    .isEqualTo(204);
            Map<String, String> track = Map.of("RoomSid", "RM1", "RoomName", "class-7b", "StatusCallbackEvent",
                    "track-added", "ParticipantIdentity", "alice", "TrackSid", "MT1", "TrackKind", "video",
                    "TrackName", "camera");
            assertThat(post(server.port(), track, sign(AUTH_TOKEN, PUBLIC.toString(), track)).statusCode())
                    .isEqualTo(204);

            // forged: signed with another token
            assertThat(post(server.port(), connected, sign("another-token-another-token-1234", PUBLIC.toString(),
                    connected)).statusCode()).isEqualTo(403);
            // tampered: a parameter changed after signing
            Map<String, String> tampered = new TreeMap<>(connected);
            String sig = sign(AUTH_TOKEN, PUBLIC.toString(), connected);
            tampered.put("ParticipantIdentity", "mallory");
            assertThat(post(server.port(), tampered, sig).statusCode()).isEqualTo(403);
            // signed for another URL
            assertThat(post(server.port(), connected, sign(AUTH_TOKEN, "https://evil.example/hook", connected))
                    .statusCode()).isEqualTo(403);
            // unsigned
            assertThat(post(server.port(), connected, null).statusCode()).isEqualTo(403);

            assertThat(events).extracting(RoomEvent::event).containsExactly("participant-connected", "track-added");
            assertThat(events.get(0).participantIdentity()).contains("alice");
            assertThat(events.get(1).parameter("TrackName")).contains("camera");
            assertThat(server.rejectedRequests()).isEqualTo(4);
        }
    }
}
