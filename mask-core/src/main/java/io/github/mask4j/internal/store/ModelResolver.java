package io.github.mask4j.internal.store;

import io.github.mask4j.ModelUnavailableException;
import io.github.mask4j.file.AtomicFiles;
import io.github.mask4j.file.StreamCopy;
import io.github.mask4j.model.ModelFile;
import io.github.mask4j.model.ModelSpec;
import io.github.mask4j.retry.Retry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a model file: the model directory, then the cache, then a verified download into the cache. A file
 * whose SHA-256 does not match is never used. Thread-safe: concurrent downloads of the same file each write
 * their own temporary file and the verified one is moved into place atomically.
 */
public final class ModelResolver {
    public static final String MODEL_DIR_PROPERTY = "mask4j.model.dir";
    public static final String MODEL_DIR_ENV = "MASK4J_MODEL_DIR";
    public static final String CACHE_DIR_PROPERTY = "mask4j.cache.dir";
    public static final String CACHE_DIR_ENV = "MASK4J_CACHE_DIR";
    private static final Logger LOG = LoggerFactory.getLogger(ModelResolver.class);
    // three attempts, 200 ms and then 400 ms apart
    private static final Retry DOWNLOAD_RETRY = new Retry(3, Duration.ofMillis(200));
    // a body that sends nothing this long fails the attempt, which is then retried
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

    private ModelResolver() {}

    public static ResolvedModel resolve(ModelSpec spec) {
        if (spec.file() != null) {
            return resolveExplicit(spec);
        }
        Path modelDir = modelDirectory(spec);
        Path cacheDir = cacheDirectory(spec);
        List<String> problems = new ArrayList<>();
        for (ModelFile candidate : spec.files()) {
            for (Path dir : modelDir == null ? List.of(cacheDir) : List.of(modelDir, cacheDir)) {
                Path path = dir.resolve(candidate.fileName());
                if (!Files.isRegularFile(path)) {
                    continue;
                }
                String sha = sha(path);
                if (sha.equals(candidate.sha256())) {
                    LOG.debug("model {} found at {}", spec.id(), path);
                    return new ResolvedModel(path, sha, candidate);
                }
                String problem = path + " has sha256 " + sha + ", expected " + candidate.sha256() + " (not used)";
                LOG.warn("ignoring {}", problem);
                problems.add(problem);
            }
        }
        if (spec.downloadAllowed()) {
            for (ModelFile candidate : spec.files()) {
                if (candidate.downloadUrl() == null) {
                    continue;
                }
                try {
                    Path path = download(candidate, cacheDir);
                    return new ResolvedModel(path, candidate.sha256(), candidate);
                } catch (IOException | RuntimeException e) {
                    String problem = "download of " + candidate.downloadUrl() + " failed: " + e.getMessage();
                    LOG.warn(problem);
                    problems.add(problem);
                }
            }
        }
        StringBuilder msg = new StringBuilder("model '" + spec.id() + "' is not available. Put ");
        for (int i = 0; i < spec.files().size(); i++) {
            ModelFile f = spec.files().get(i);
            msg.append(i == 0 ? "" : " or ").append(f.fileName()).append(" (sha256 ").append(f.sha256()).append(")");
        }
        msg.append(" into ").append(modelDir != null ? modelDir : cacheDir);
        if (modelDir == null) {
            msg.append(" (or into the directory named by ").append(MODEL_DIR_ENV).append(" / -D")
                    .append(MODEL_DIR_PROPERTY).append(")");
        }
        if (!spec.downloadAllowed()) {
            msg.append("; downloading is switched off");
        }
        if (!problems.isEmpty()) {
            msg.append(". Problems: ").append(String.join("; ", problems));
        }
        throw new ModelUnavailableException(msg.toString());
    }

    private static ResolvedModel resolveExplicit(ModelSpec spec) {
        Path path = spec.file();
        if (!Files.isRegularFile(path)) {
            throw new ModelUnavailableException("model file " + path.toAbsolutePath() + " does not exist");
        }
        String sha = sha(path);
        ModelFile known = null;
        if (!spec.files().isEmpty()) {
            known = spec.files().stream().filter(f -> f.sha256().equals(sha)).findFirst()
                    .orElseThrow(() -> new ModelUnavailableException("model file " + path + " has sha256 " + sha
                            + ", expected one of " + spec.files().stream().map(ModelFile::sha256).toList()));
        }
        return new ResolvedModel(path, sha, known);
    }

    private static String sha(Path path) {
        try {
            return Sha256.of(path);
        } catch (IOException e) {
            throw new ModelUnavailableException("cannot read model file " + path + ": " + e.getMessage(), e);
        }
    }

    public static Path modelDirectory(ModelSpec spec) {
        if (spec.modelDirectory() != null) {
            return spec.modelDirectory();
        }
        String dir = System.getProperty(MODEL_DIR_PROPERTY);
        if (dir == null || dir.isBlank()) {
            dir = System.getenv(MODEL_DIR_ENV);
        }
        return dir == null || dir.isBlank() ? null : Path.of(dir);
    }

    public static Path cacheDirectory(ModelSpec spec) {
        if (spec.cacheDirectory() != null) {
            return spec.cacheDirectory();
        }
        String dir = System.getProperty(CACHE_DIR_PROPERTY);
        if (dir == null || dir.isBlank()) {
            dir = System.getenv(CACHE_DIR_ENV);
        }
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "mask4j", "models");
    }

    /**
     * Downloads {@code file} into {@code cacheDir}, following redirects, retrying, logging progress, checking
     * size and SHA-256 before the atomic move into place. A mismatching download is deleted, never used.
     */
    static Path download(ModelFile file, Path cacheDir) throws IOException {
        Files.createDirectories(cacheDir);
        Path target = cacheDir.resolve(file.fileName());
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20))
                .build();
        try {
            return DOWNLOAD_RETRY.call(IOException.class, attempt -> {
                Path tmp = AtomicFiles.temporaryBeside(target, ".part");
                try {
                    LOG.info("downloading {} from {} (attempt {}/{})", file.fileName(), file.downloadUrl(), attempt,
                            DOWNLOAD_RETRY.attempts());
                    String sha = fetch(client, file.downloadUrl(), tmp, file.size());
                    long size = Files.size(tmp);
                    if (file.size() >= 0 && size != file.size()) {
                        throw new IOException("got " + size + " bytes, expected " + file.size());
                    }
                    if (!sha.equals(file.sha256())) {
                        // A wrong file is not retried: the server is serving something else.
                        throw new ModelUnavailableException("downloaded " + file.fileName() + " has sha256 " + sha
                                + ", expected " + file.sha256() + "; the file was discarded");
                    }
                    AtomicFiles.moveIntoPlace(tmp, target);
                    LOG.info("saved {} ({} bytes, sha256 verified) to {}", file.fileName(), size, target);
                    return target;
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }, (attempt, e) -> LOG.warn("download of {} failed: {}", file.downloadUrl(), e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String fetch(HttpClient client, URI url, Path tmp, long expected)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(5)).GET().build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("HTTP " + response.statusCode() + " from " + response.uri());
        }
        long total = expected >= 0 ? expected : response.headers().firstValueAsLong("Content-Length").orElse(-1);
        MessageDigest md = Sha256.digest();
        int[] lastDecile = {0};
        try (OutputStream out = Files.newOutputStream(tmp)) {
            StreamCopy.copy(response.body(), out, STALL_TIMEOUT, (buf, n, done) -> {
                md.update(buf, 0, n);
                if (total > 0) {
                    int decile = (int) (done * 10 / total);
                    if (decile > lastDecile[0]) {
                        lastDecile[0] = decile;
                        LOG.info("  {}: {}% ({} of {} bytes)", tmp.getFileName(), Math.min(100, decile * 10), done,
                                total);
                    }
                }
            });
        }
        return HexFormat.of().formatHex(md.digest());
    }

}
