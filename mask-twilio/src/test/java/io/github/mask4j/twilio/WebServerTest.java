package io.github.mask4j.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mask4j.twilio.http.ServerOptions;
import io.github.mask4j.twilio.http.WebServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

    /**
     * A route that answers without reading the request body (an error found in the query, say) must not leave the
     * connection to be closed under the client's next request: the body arrives after the headers here, as it
     * does from clients that write them separately (the JDK's HttpClient) on a busy machine. A small body is read
     * and the connection kept; a large one is refused with {@code Connection: close}, so the client opens another.
     */
    @Test
    void aReplyBeforeTheBodyKeepsTheConnectionUsable() throws Exception {
        try (WebServer server = new WebServer(ServerOptions.builder().build())) {
            server.route("POST", "/refuse", ex -> ex.error(400, "refused before reading the body"));
            server.route("POST", "/echo", ex -> ex.json(200, Map.of("bytes", ex.body(1024).length)));
            server.start();
            String small = "{\"image\":\"" + "A".repeat(2000) + "\"}";
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(20_000);
                for (int i = 0; i < 3; i++) {
                    String reply = postWithLateBody(socket, "/refuse", small);
                    assertThat(reply).startsWith("HTTP/1.1 400").contains("refused before reading the body")
                            .doesNotContainIgnoringCase("connection: close");
                }
                assertThat(postWithLateBody(socket, "/echo", "{}")).startsWith("HTTP/1.1 200").contains("{\"bytes\":2}");
                // over the limit but small: read and dropped, the connection kept
                assertThat(postWithLateBody(socket, "/echo", "x".repeat(5000))).startsWith("HTTP/1.1 413")
                        .doesNotContainIgnoringCase("connection: close");
                assertThat(postWithLateBody(socket, "/echo", "{}")).startsWith("HTTP/1.1 200");
                // large: not read, and the reply says the connection ends
                assertThat(postWithLateBody(socket, "/echo", "x".repeat(100_000))).startsWith("HTTP/1.1 413")
                        .containsIgnoringCase("connection: close");
            }
        }
    }

    /** Writes a POST's headers, then (a moment later) its body, and reads the reply. */
    private static String postWithLateBody(Socket socket, String path, String body) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread.sleep(200); // the route answers without the body; the body is on its way
        try {
            out.write(body.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (java.io.IOException e) {
            // a server that closes a connection early can make this write fail; the reply tells what it said
        }
        return readResponse(socket.getInputStream());
    }

    /** One HTTP/1.1 response with a Content-Length body, as text; fails on EOF before it is complete. */
    private static String readResponse(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("the server closed the connection before answering: %s", head).isNotNegative();
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        var m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(headers);
        int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
