package io.github.mask4j.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import io.github.mask4j.twilio.rest.ParticipantVideo;
import io.github.mask4j.twilio.rest.RoomInfo;
import io.github.mask4j.twilio.rest.RoomInventory;
import io.github.mask4j.twilio.rest.RoutingHttpClient;
import io.github.mask4j.twilio.rest.TwilioClients;
import io.github.mask4j.twilio.token.VideoTokenOptions;
import io.github.mask4j.twilio.token.VideoTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class TokenAndInventoryTest {
    private static final TwilioCredentials CREDS =
            new TwilioCredentials(FakeTwilioVideo.ACCOUNT, FakeTwilioVideo.KEY, FakeTwilioVideo.SECRET);

    @Test
    void accessTokenIsSignedAndRestrictedToOneRoom() throws Exception {
        String jwt = new VideoTokens(CREDS).mint(VideoTokenOptions.of("alice", "class-7b").withTtl(Duration.ofMinutes(10)));
        String[] parts = jwt.split("\\.");
        assertThat(parts).hasSize(3);
        ObjectMapper json = new ObjectMapper();
        JsonNode header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
        JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(header.get("alg").asText()).isEqualTo("HS256");
        assertThat(header.get("cty").asText()).isEqualTo("twilio-fpa;v=1");
        assertThat(claims.get("iss").asText()).isEqualTo(FakeTwilioVideo.KEY);
        assertThat(claims.get("sub").asText()).isEqualTo(FakeTwilioVideo.ACCOUNT);
        assertThat(claims.at("/grants/identity").asText()).isEqualTo("alice");
        assertThat(claims.at("/grants/video/room").asText()).isEqualTo("class-7b");
        assertThat(claims.get("exp").asLong() - System.currentTimeMillis() / 1000).isBetween(590L, 601L);
        // the signature is HMAC-SHA256 over header.payload with the API key secret
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(FakeTwilioVideo.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] sig = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(sig)).isEqualTo(parts[2]);
    }

    @Test
    void tokenOptionsRejectBadInput() {
        assertThatThrownBy(() -> VideoTokenOptions.of("alice", " ")).hasMessageContaining("room");
        assertThatThrownBy(() -> VideoTokenOptions.of("alice", "r").withTtl(Duration.ofHours(25)))
                .hasMessageContaining("ttl");
        // Twilio refuses tokens living longer than 24 h: a margin for clocks ahead of Twilio's, and at least 1 s
        assertThatThrownBy(() -> VideoTokenOptions.of("alice", "r").withTtl(Duration.ofHours(24)))
                .hasMessageContaining("24 h").hasMessageContaining("margin");
        assertThatThrownBy(() -> VideoTokenOptions.of("alice", "r").withTtl(Duration.ofMillis(999)))
                .hasMessageContaining("1 s");
        assertThatThrownBy(() -> VideoTokenOptions.of("alice", "r").withTtl(Duration.ofSeconds(-5)))
                .hasMessageContaining("ttl");
        assertThat(VideoTokenOptions.of("alice", "r").withTtl(VideoTokenOptions.MAX_TTL).ttlSeconds())
                .isEqualTo(24 * 3600 - 300);
        assertThat(VideoTokenOptions.of("alice", "r").withTtl(Duration.ofMillis(1500)).ttlSeconds()).isEqualTo(2);
        assertThatThrownBy(() -> new TwilioCredentials("XX1", "SK1", "s")).hasMessageContaining("accountSid");
        assertThat(CREDS.toString()).doesNotContain(FakeTwilioVideo.SECRET);
    }

    @Test
    void everyMonitorGetsAnIdentityOfItsOwn() {
        VideoTokenOptions a = VideoTokenOptions.monitor("class-7b");
        VideoTokenOptions b = VideoTokenOptions.monitor("class-7b");
        assertThat(a.identity()).startsWith(VideoTokenOptions.MONITOR_PREFIX).hasSize(VideoTokenOptions.MONITOR_PREFIX.length() + 12);
        assertThat(a.identity()).isNotEqualTo(b.identity());
        assertThat(a.room()).isEqualTo("class-7b");
    }

    @Test
    void shortestAndLongestTokensCarryTheirLifetime() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (Duration ttl : List.of(VideoTokenOptions.MIN_TTL, VideoTokenOptions.MAX_TTL)) {
            String jwt = new VideoTokens(CREDS).mint(VideoTokenOptions.of("alice", "class-7b").withTtl(ttl));
            JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
            long lifetime = claims.get("exp").asLong() - System.currentTimeMillis() / 1000;
            assertThat(lifetime).isBetween(ttl.toSeconds() - 2, ttl.toSeconds());
            assertThat(lifetime).isLessThan(VideoTokenOptions.TWILIO_MAX_TTL.toSeconds());
        }
    }

    @Test
    void inventoryListsRoomsParticipantsAndVideoTracksThroughTwilioJava() throws Exception {
        try (FakeTwilioVideo fake = new FakeTwilioVideo()) {
            fake.rooms.add(new FakeTwilioVideo.Room("RM1", "class-7b", "in-progress"));
            fake.rooms.add(new FakeTwilioVideo.Room("RM2", "old", "completed"));
            fake.participants.add(new FakeTwilioVideo.Participant("PA1", "RM1", "alice", "connected"));
            fake.participants.add(new FakeTwilioVideo.Participant("PA2", "RM1", "bob", "connected"));
            fake.participants.add(new FakeTwilioVideo.Participant("PA3", "RM1", "carol", "disconnected"));
            fake.participants.add(new FakeTwilioVideo.Participant("PA4", "RM1", "dave", "reconnecting"));
            fake.tracks.add(new FakeTwilioVideo.Track("MT1", "RM1", "PA1", "camera", "video"));
            fake.tracks.add(new FakeTwilioVideo.Track("MT2", "RM1", "PA1", "mic", "audio"));
            fake.tracks.add(new FakeTwilioVideo.Track("MT3", "RM1", "PA2", "screen", "video"));
            TwilioRestClient client = TwilioClients.restClient(CREDS, RoutingHttpClient.videoTo(fake.base()));
            RoomInventory inv = new RoomInventory(client);

            List<RoomInfo> rooms = inv.roomsInProgress();
            assertThat(rooms).extracting(RoomInfo::uniqueName).containsExactly("class-7b");
            assertThat(rooms.get(0).status()).isEqualTo("in-progress");
            assertThat(fake.requests).contains("GET /v1/Rooms?Status=in-progress&PageSize=100");

            // pages are followed through next_page_url, which twilio-java sends through the same routing client
            for (int i = 0; i < 130; i++) {
                fake.rooms.add(new FakeTwilioVideo.Room("RMX" + i, "busy-" + i, "in-progress"));
            }
            assertThat(inv.roomsInProgress()).hasSize(131);
            assertThat(fake.requests).contains("GET /v1/Rooms?Status=in-progress&PageSize=100&Page=1");

            // Twilio lists only connected participants unless asked: reconnecting ones are asked for and kept
            List<ParticipantVideo> video = inv.videoOf("RM1");
            assertThat(video).extracting(v -> v.participant().identity()).containsExactly("alice", "bob", "dave");
            assertThat(video.get(2).participant().status()).isEqualTo("reconnecting");
            assertThat(fake.requests).contains("GET /v1/Rooms/RM1/Participants?Status=reconnecting&PageSize=100");
            assertThat(video.get(0).videoTracks()).extracting(t -> t.name()).containsExactly("camera");
            assertThat(video.get(1).videoTracks()).extracting(t -> t.sid()).containsExactly("MT3");

            // wrong credentials: twilio-java turns the 401 JSON into its ApiException
            TwilioRestClient bad = TwilioClients.restClient(new TwilioCredentials(FakeTwilioVideo.ACCOUNT,
                    FakeTwilioVideo.KEY, "wrong-secret-wrong-secret-wrong!"), RoutingHttpClient.videoTo(fake.base()));
            assertThatThrownBy(() -> new RoomInventory(bad).roomsInProgress()).isInstanceOf(ApiException.class)
                    .hasMessageContaining("Authenticate");
        }
    }
}
