package io.github.mask4j.twilio.recording;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mask4j.file.AtomicFiles;
import io.github.mask4j.file.StalledStreamException;
import io.github.mask4j.file.StreamCopy;
import io.github.mask4j.retry.Retry;
import io.github.mask4j.twilio.TwilioCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads a recording's media file. twilio-java has no method for this: {@code GET /v1/Recordings/{sid}/Media}
 * answers either with a 302 to a short-lived storage URL or with JSON {@code {"redirect_to": url}}; this class
 * follows either itself (sending credentials only to Twilio, never to the storage URL), streams the body to a
 * temporary file, checks its length against Content-Length (the recording's reported {@code size} is only compared
 * and logged: it describes the recorded track, not the file's bytes), retries on failure, and moves the file into
 * place atomically. A body that stops arriving for longer than the stall timeout (default 60 s) fails the attempt:
 * the JDK client's request timeout ends when the headers arrive, so without it a storage server that stalls mid-body
 * would hold a download forever.
 *
 * <p>Thread-safe: downloads share one JDK HTTP client and nothing else.
 */
public final class MediaDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(MediaDownloader.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REDIRECTS = 3;
    /** Default for how long a body may send nothing before the attempt fails. */
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(60);

    private final String authorization;
    private final UnaryOperator<String> router;
    private final Retry retry;
    private final HttpClient http;
    private final Duration stallTimeout;

    /**
     * As {@link #MediaDownloader(TwilioCredentials, UnaryOperator, int, Duration, Duration)}, with the
     * {@linkplain #DEFAULT_STALL_TIMEOUT default stall timeout}.
     */
    public MediaDownloader(TwilioCredentials credentials, UnaryOperator<String> router, int attempts, Duration backoff) {
        this(credentials, router, attempts, backoff, DEFAULT_STALL_TIMEOUT);
    }

    /**
     * @param credentials API key used for Twilio's media endpoint
     * @param router maps a Twilio URL to the URL actually requested (identity in production; a local server in
     *     tests, e.g. {@code RoutingHttpClient::route})
     * @param attempts how many times to try each download (at least 1)
     * @param backoff wait before the second attempt, doubled for each further one
     * @param stallTimeout how long the media body may send no bytes before the attempt fails (positive)
     */
    public MediaDownloader(TwilioCredentials credentials, UnaryOperator<String> router, int attempts, Duration backoff,
            Duration stallTimeout) {
        Objects.requireNonNull(credentials, "credentials");
        if (stallTimeout == null || stallTimeout.isZero() || stallTimeout.isNegative()) {
            throw new IllegalArgumentException("stallTimeout must be a positive duration, got " + stallTimeout);
        }
        this.stallTimeout = stallTimeout;
        this.router = Objects.requireNonNull(router, "router");
        this.retry = new Retry(attempts, Objects.requireNonNull(backoff, "backoff"));
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (credentials.apiKeySid() + ":" + credentials.apiKeySecret()).getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** A downloader talking to Twilio directly, 3 attempts, 500 ms backoff. */
    public static MediaDownloader direct(TwilioCredentials credentials) {
        return new MediaDownloader(credentials, UnaryOperator.identity(), 3, Duration.ofMillis(500));
    }

    /** The Twilio URL of a recording's media. */
    public static String mediaUrl(String recordingSid) {
        return "https://video.twilio.com/v1/Recordings/" + recordingSid + "/Media";
    }

    /**
     * Downloads a recording into {@code target} (replaced atomically).
     *
     * @return the number of bytes written
     * @throws MediaDownloadException when every attempt failed
     */
    public long download(TrackRecording recording, Path target) throws InterruptedException {
        Objects.requireNonNull(recording, "recording");
        Objects.requireNonNull(target, "target");
        try {
            return retry.call(MediaDownloadException.class, attempt -> downloadOnce(recording, target),
                    (attempt, e) -> LOG.warn("download of {} failed (attempt {}/{}): {}", recording.sid(), attempt,
                            retry.attempts(), e.getMessage()));
        } catch (MediaDownloadException last) {
            throw new MediaDownloadException("could not download recording " + recording.sid() + " after "
                    + retry.attempts() + " attempts: " + last.getMessage(), last);
        }
    }

    private long downloadOnce(TrackRecording recording, Path target) throws InterruptedException {
        URI uri = URI.create(router.apply(mediaUrl(recording.sid())));
        boolean twilio = true;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).GET();
            if (twilio) {
                b.header("Authorization", authorization);
            }
            HttpResponse<InputStream> r;
            try {
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new MediaDownloadException("GET " + uri + " failed: " + e.getMessage(), e);
            }
            int status = r.statusCode();
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                drain(r);
                URI from = uri;
                String location = r.headers().firstValue("Location")
                        .orElseThrow(() -> new MediaDownloadException("redirect from " + from + " without Location"));
                uri = uri.resolve(location);
                twilio = false;
                continue;
            }
            if (status != 200) {
                drain(r);
                throw new MediaDownloadException("GET " + uri + " answered HTTP " + status);
            }
            if (twilio && type.startsWith("application/json")) {
                uri = URI.create(redirectTo(r, uri));
                twilio = false;
                continue;
            }
            return save(r, recording, target, stallTimeout);
        }
        throw new MediaDownloadException("more than " + MAX_REDIRECTS + " redirects for recording " + recording.sid());
    }

    private static String redirectTo(HttpResponse<InputStream> r, URI from) {
        try (InputStream in = r.body()) {
            JsonNode node = JSON.readTree(in.readNBytes(64 * 1024));
            JsonNode to = node == null ? null : node.get("redirect_to");
            if (to == null || !to.isTextual()) {
                throw new MediaDownloadException("JSON answer from " + from + " has no redirect_to");
            }
            return to.asText();
        } catch (IOException e) {
            throw new MediaDownloadException("unreadable JSON from " + from + ": " + e.getMessage(), e);
        }
    }

    private static long save(HttpResponse<InputStream> r, TrackRecording recording, Path target, Duration stall) {
        OptionalLong declared = r.headers().firstValueAsLong("Content-Length");
        Path tmp = null;
        try {
            tmp = AtomicFiles.temporaryBeside(target, ".part");
            long n;
            try (OutputStream out = Files.newOutputStream(tmp)) {
                n = StreamCopy.copy(r.body(), out, stall, (buffer, length, copied) -> { });
            } catch (StalledStreamException e) {
                throw new MediaDownloadException("recording " + recording.sid() + ": " + e.getMessage(), e);
            }
            if (declared.isPresent() && declared.getAsLong() != n) {
                throw new MediaDownloadException("recording " + recording.sid() + ": got " + n
                        + " bytes, Content-Length said " + declared.getAsLong());
            }
            if (recording.sizeBytes() >= 0 && recording.sizeBytes() != n) {
                // the API's size is the recorded track's, not a promise about the file's bytes: noted, not refused
                LOG.info("recording {}: downloaded {} bytes, the API reported size {}", recording.sid(), n,
                        recording.sizeBytes());
            }
            if (n == 0) {
                throw new MediaDownloadException("recording " + recording.sid() + ": empty media file");
            }
            AtomicFiles.moveIntoPlace(tmp, target);
            tmp = null;
            return n;
        } catch (IOException e) {
            throw new MediaDownloadException("recording " + recording.sid() + ": downloading to " + target + " failed: "
                    + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a stale .part file is harmless
                }
            }
        }
    }

    private static void drain(HttpResponse<InputStream> r) {
        try (InputStream in = r.body()) {
            in.skip(Long.MAX_VALUE);
        } catch (IOException ignored) {
            // the connection is discarded anyway
        }
    }
}
