package io.github.mask4j.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mask4j.twilio.callback.CallbackVerifier;
import io.github.mask4j.twilio.callback.RoomEvent;
import io.github.mask4j.twilio.callback.SignedUrl;
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
        return post(port, PUBLIC.getPath(), params, signature);
    }

    static String form(Map<String, String> params) {
        return params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    /** A POST to the local server at {@code pathAndQuery}, as Twilio sends it to the configured public URL. */
    private static HttpResponse<String> post(int port, String pathAndQuery, Map<String, String> params, String signature)
            throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(params)));
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

    private static final Map<String, String> RECORDING = Map.ofEntries(Map.entry("AccountSid", FakeTwilioVideo.ACCOUNT),
            Map.entry("RoomSid", "RM1"), Map.entry("RoomName", "class-7b"),
            Map.entry("StatusCallbackEvent", "recording-completed"), Map.entry("RecordingSid", "RT1"),
            Map.entry("ParticipantSid", "PA1"), Map.entry("ParticipantIdentity", "alice"), Map.entry("SourceSid", "MT1"),
            Map.entry("Type", "video"), Map.entry("Container", "mkv"), Map.entry("Codec", "VP8"));

    @Test
    void signedUrlIsBuiltFromTheConfiguredUrlAndTheRequestsRawQuery() {
        URI configured = URI.create("https://hooks.example.org:8443/twilio/video-status?tenant=7b&x=a%20b");
        // the request arrives with the configured query: it is used once, raw, not appended to the configured one
        assertThat(SignedUrl.of(configured, "tenant=7b&x=a%20b"))
                .isEqualTo("https://hooks.example.org:8443/twilio/video-status?tenant=7b&x=a%20b");
        assertThat(SignedUrl.of(URI.create("https://h.example/cb"), null)).isEqualTo("https://h.example/cb");
        assertThat(SignedUrl.of("http", "h.example:8080", "/a%2Fb", "q=1")).isEqualTo("http://h.example:8080/a%2Fb?q=1");
    }

    @Test
    void callbacksToAUrlWithAQueryStringAndPortsAreAccepted() throws Exception {
        // a public URL with a query string: Twilio calls it as configured and signs exactly that URL
        URI withQuery = URI.create("https://mask4j.example.org/twilio/video-status?tenant=7b&note=a%20b");
        List<RoomEvent> events = new CopyOnWriteArrayList<>();
        try (StatusCallbackServer server = StatusCallbackServer.builder().authToken(AUTH_TOKEN).publicUrl(withQuery)
                .listen("127.0.0.1", 0).listener(events::add).build()) {
            String local = withQuery.getRawPath() + "?" + withQuery.getRawQuery();
            assertThat(post(server.port(), local, RECORDING, sign(AUTH_TOKEN, withQuery.toString(), RECORDING))
                    .statusCode()).isEqualTo(204);
            // twilio-java's RequestValidator also accepts the same URL with the scheme's default port spelled out
            String with443 = "https://mask4j.example.org:443/twilio/video-status?tenant=7b&note=a%20b";
            assertThat(post(server.port(), local, RECORDING, sign(AUTH_TOKEN, with443, RECORDING)).statusCode())
                    .isEqualTo(204);
            // the old bug: the query counted twice in the signed URL; such a signature is not Twilio's
            String doubled = withQuery + "?" + withQuery.getRawQuery();
            assertThat(post(server.port(), local, RECORDING, sign(AUTH_TOKEN, doubled, RECORDING)).statusCode())
                    .isEqualTo(403);
            // a query Twilio did not sign (changed on the way) is refused
            assertThat(post(server.port(), withQuery.getRawPath() + "?tenant=8c&note=a%20b", RECORDING,
                    sign(AUTH_TOKEN, withQuery.toString(), RECORDING)).statusCode()).isEqualTo(403);
            assertThat(events).hasSize(2);
            assertThat(events.get(0).participantIdentity()).contains("alice");
            assertThat(events.get(0).isVideoRecording()).isTrue();
        }
        // an explicit port: signatures made with it and without it (RequestValidator tries both) are accepted
        URI withPort = URI.create("https://mask4j.example.org:8443/twilio/video-status?tenant=7b");
        try (StatusCallbackServer server = StatusCallbackServer.builder().authToken(AUTH_TOKEN).publicUrl(withPort)
                .listen("127.0.0.1", 0).build()) {
            String local = withPort.getRawPath() + "?" + withPort.getRawQuery();
            assertThat(post(server.port(), local, RECORDING, sign(AUTH_TOKEN, withPort.toString(), RECORDING))
                    .statusCode()).isEqualTo(204);
            assertThat(post(server.port(), local, RECORDING, sign(AUTH_TOKEN,
                    "https://mask4j.example.org/twilio/video-status?tenant=7b", RECORDING)).statusCode()).isEqualTo(204);
            assertThat(post(server.port(), local, RECORDING, sign(AUTH_TOKEN,
                    "https://mask4j.example.org:9443/twilio/video-status?tenant=7b", RECORDING)).statusCode())
                    .isEqualTo(403);
            assertThat(server.rejectedRequests()).isEqualTo(1);
        }
    }

    @Test
    void getCallbacksAreValidatedOnTheirQueryAndOtherMethodsRefusedWithAReason() throws Exception {
        URI configured = URI.create("https://mask4j.example.org:8443/twilio/video-status?tenant=7b");
        List<RoomEvent> events = new CopyOnWriteArrayList<>();
        try (StatusCallbackServer server = StatusCallbackServer.builder().authToken(AUTH_TOKEN).publicUrl(configured)
                .listen("127.0.0.1", 0).listener(events::add).build()) {
            // StatusCallbackMethod=GET: Twilio appends the parameters to the configured URL's query and signs it all
            String query = configured.getRawQuery() + "&" + form(RECORDING);
            String signature = sign(AUTH_TOKEN, "https://mask4j.example.org:8443/twilio/video-status?" + query, Map.of());
            HttpClient http = HttpClient.newHttpClient();
            URI local = URI.create("http://127.0.0.1:" + server.port() + configured.getRawPath() + "?" + query);
            assertThat(http.send(HttpRequest.newBuilder(local).header("X-Twilio-Signature", signature).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(204);
            assertThat(events).hasSize(1);
            assertThat(events.get(0).event()).isEqualTo("recording-completed");
            assertThat(events.get(0).recordingSid()).contains("RT1");
            assertThat(events.get(0).parameter("tenant")).contains("7b");
            // tampered query
            URI tampered = URI.create(local.toString().replace("alice", "mallory"));
            assertThat(http.send(HttpRequest.newBuilder(tampered).header("X-Twilio-Signature", signature).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
            // PUT: 405, saying which methods work
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(local).header("X-Twilio-Signature", signature)
                    .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).isEqualTo(405);
            assertThat(put.body()).contains("StatusCallbackMethod").contains("POST");
            assertThat(put.headers().firstValue("Allow")).contains("POST, GET");
            assertThat(events).hasSize(1);
        }
    }

    @Test
    void verifierDecidesWithoutAnHttpServer() throws Exception {
        URI configured = URI.create("https://mask4j.example.org/twilio/video-status?tenant=7b");
        CallbackVerifier verifier = new CallbackVerifier(AUTH_TOKEN, configured);
        byte[] body = form(RECORDING).getBytes(StandardCharsets.UTF_8);
        String sig = sign(AUTH_TOKEN, configured.toString(), RECORDING);
        CallbackVerifier.Verdict ok = verifier.verify("POST", "tenant=7b", body, sig);
        assertThat(ok.status()).isEqualTo(204);
        assertThat(ok.event().recordingSid()).contains("RT1");
        assertThat(ok.signedUrl()).isEqualTo(configured.toString());
        assertThat(verifier.verify("POST", "tenant=7b", body, null).status()).isEqualTo(403);
        assertThat(verifier.verify("DELETE", "tenant=7b", body, sig).message()).contains("StatusCallbackMethod");
        assertThat(verifier.verify("POST", "tenant=7b", new byte[CallbackVerifier.MAX_BYTES + 1], sig).status())
                .isEqualTo(413);
        Map<String, String> noEvent = Map.of("RoomSid", "RM1");
        assertThat(verifier.verify("POST", "tenant=7b", form(noEvent).getBytes(StandardCharsets.UTF_8),
                sign(AUTH_TOKEN, configured.toString(), noEvent)).status()).isEqualTo(400);
    }

    @Test
    void recordingEventsSayWhetherTheyAreVideoByTypeAndContainer() {
        RoomEvent audio = new RoomEvent("recording-completed", "RM1", "r", Map.of("Type", "audio", "Container", "mka",
                "Codec", "OPUS"));
        RoomEvent video = new RoomEvent("recording-completed", "RM1", "r", RECORDING);
        RoomEvent mka = new RoomEvent("recording-completed", "RM1", "r", Map.of("Container", "mka"));
        assertThat(audio.isVideoRecording()).isFalse();
        assertThat(mka.isVideoRecording()).isFalse();
        assertThat(video.isVideoRecording()).isTrue();
        assertThatThrownBy(() -> StatusCallbackServer.builder().authToken(AUTH_TOKEN)
                .publicUrl(URI.create("/relative/path")).listen("127.0.0.1", 0).build())
                .hasMessageContaining("absolute");
    }
}
