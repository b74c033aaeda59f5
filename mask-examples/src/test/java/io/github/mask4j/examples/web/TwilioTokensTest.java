package io.github.mask4j.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class TwilioTokensTest {
    private static final String SID = "AC" + "0123456789abcdef0123456789abcdef";
    private static final String KEY = "SK" + "fedcba9876543210fedcba9876543210";
    private static final String SECRET = "s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr";

    @Test
    void tokenIsASignedJwtGrantingOneRoom() throws Exception {
        String jwt = new TwilioTokens(SID, KEY, SECRET).token("alice", "class-7b");
        String[] parts = jwt.split("\\.");
        assertThat(parts).hasSize(3);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII)));
        assertThat(parts[2]).isEqualTo(expected);
        JsonNode payload = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(payload.get("iss").asText()).isEqualTo(KEY);
        assertThat(payload.get("sub").asText()).isEqualTo(SID);
        assertThat(payload.get("grants").get("identity").asText()).isEqualTo("alice");
        assertThat(payload.get("grants").get("video").get("room").asText()).isEqualTo("class-7b");
        long ttl = payload.get("exp").asLong() - System.currentTimeMillis() / 1000;
        assertThat(ttl).isBetween(3500L, 3600L);
    }

    @Test
    void credentialsComeFromTheEnvironmentOrNotAtAll() {
        assertThat(TwilioTokens.from(Map.of())).isEmpty();
        assertThat(TwilioTokens.from(Map.of(TwilioTokens.ACCOUNT_SID, SID, TwilioTokens.API_KEY, KEY))).isEmpty();
        assertThat(TwilioTokens.from(Map.of(TwilioTokens.ACCOUNT_SID, SID, TwilioTokens.API_KEY, KEY,
                TwilioTokens.API_SECRET, " "))).isEmpty();
        assertThat(TwilioTokens.from(Map.of(TwilioTokens.ACCOUNT_SID, SID, TwilioTokens.API_KEY, KEY,
                TwilioTokens.API_SECRET, SECRET))).isPresent();
    }

    @Test
    void oddNamesAreRejected() {
        TwilioTokens t = new TwilioTokens(SID, KEY, SECRET);
        assertThatThrownBy(() -> t.token("alice", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("room");
        assertThatThrownBy(() -> t.token("<script>", "r")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("identity");
    }
}
