package io.github.mask4j.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mask4j.twilio.http.ServerOptions;
import io.github.mask4j.twilio.http.WebServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared server's TLS option, routes, JSON errors and headers. */
class WebServerTest {
    private static final String PASSWORD = "changeit-test";

    /** A self-signed key pair for 127.0.0.1 made with the JDK's keytool. */
    static Path keyStore(Path dir) throws Exception {
        Path ks = dir.resolve("server.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        return ks;
    }

    @Test
    void servesHttpsWithItsHeadersAndJsonErrors(@TempDir Path tmp) throws Exception {
        Path ks = keyStore(tmp);
        try (WebServer server = new WebServer(ServerOptions.builder().tls(ks, PASSWORD).build())) {
            server.route("GET", "/hello", ex -> ex.json(200, Map.of("secure", ex.isSecure())));
            server.start();
            assertThat(server.origin()).startsWith("https://127.0.0.1:");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(ks)) {
                trust.load(in, PASSWORD.toCharArray());
            }
            assertThat(trust.getCertificate("server")).isInstanceOf(X509Certificate.class);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1).build();

            HttpResponse<String> ok = https.send(HttpRequest.newBuilder(server.uri("/hello")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("{\"secure\":true}");
            assertThat(ok.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("frame-ancestors 'none'");
            assertThat(ok.headers().firstValue("X-Content-Type-Options")).contains("nosniff");

            HttpResponse<String> head = https.send(HttpRequest.newBuilder(server.uri("/hello"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();

            HttpResponse<String> missing = https.send(HttpRequest.newBuilder(server.uri("/nope")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).startsWith("{\"error\":").doesNotContain(tmp.toString());

            HttpResponse<String> wrongMethod = https.send(HttpRequest.newBuilder(server.uri("/hello"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(wrongMethod.statusCode()).isEqualTo(405);
        }
    }
}
