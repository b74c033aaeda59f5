package io.github.mask4j.twilio.http;

import io.github.mask4j.ImageTooLargeException;
import io.github.mask4j.Mask4jException;
import java.io.IOException;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Configurable;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Jetty server for HTTP and WebSocket on one port, with the limits of {@link ServerOptions} (idle and per-I/O
 * timeouts, a bounded worker pool and queue, a header size limit, optional TLS) and the checks every endpoint
 * shares:
 * <ul>
 *   <li>the {@code Host} header must name this server (421 otherwise), against DNS rebinding;</li>
 *   <li>a state-changing call (not GET/HEAD/OPTIONS) or a WebSocket upgrade that carries an {@code Origin} must
 *       come from this server's own origin or an allowed one (403 otherwise);</li>
 *   <li>state-changing calls of {@link #route JSON routes} need {@code Content-Type: application/json} (415
 *       otherwise), which a cross-site form cannot send without a CORS preflight that this server never grants;</li>
 *   <li>every response carries a Content-Security-Policy (with {@code frame-ancestors 'none'}),
 *       {@code X-Content-Type-Options: nosniff}, {@code X-Frame-Options: DENY}, {@code Referrer-Policy: no-referrer}
 *       and {@code Cache-Control: no-store} (a route may set its own); errors are JSON without server paths or stack
 *       traces.</li>
 * </ul>
 * HEAD is answered like GET without a body. Register routes and sockets, then {@link #start()}.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    /** Refusals a client can cause at will, throttled. */
    private static final ThrottledLog REFUSALS = ThrottledLog.of(LOG);
    /** The default Content-Security-Policy; {@code {ws}} becomes the request's own ws/wss origin. */
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: blob:; media-src 'self' blob: mediastream:; connect-src 'self' {ws} https: wss:; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final long MIN_REQUEST_BYTES_PER_SECOND = 1024;

    private record Entry(Route route, boolean json) {}

    private final ServerOptions options;
    private final Server server;
    private final ServerConnector connector;
    private final WebSocketUpgradeHandler sockets;
    private final Map<String, Map<String, Entry>> routes = new ConcurrentHashMap<>();
    private final Set<String> allowedHosts = new HashSet<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    public WebServer(ServerOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        QueuedThreadPool pool = new QueuedThreadPool(options.maxThreads(), Math.min(4, options.maxThreads()));
        pool.setName("mask4j-http");
        pool.setDaemon(true);
        this.server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(options.maxRequestHeaderBytes());
        http.setIdleTimeout(options.idleTimeout().toMillis());
        // a body trickled slower than this is cut off (408) instead of holding a worker thread
        http.setMinRequestDataRate(MIN_REQUEST_BYTES_PER_SECOND);
        if (options.keyStore() != null) {
            http.addCustomizer(new SecureRequestCustomizer());
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStorePath(options.keyStore().toString());
            tls.setKeyStorePassword(options.keyStorePassword());
            tls.setKeyStoreType("PKCS12");
            this.connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()),
                    new HttpConnectionFactory(http));
        } else {
            this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        }
        connector.setHost(options.host());
        connector.setPort(options.port());
        connector.setIdleTimeout(options.idleTimeout().toMillis());
        connector.setReuseAddress(true);
        server.addConnector(connector);
        ErrorHandler errors = new ErrorHandler();
        errors.setShowStacks(false);
        errors.setShowCauses(false);
        errors.setShowMessageInTitle(false);
        server.setErrorHandler(errors);
        server.setStopTimeout(0);

        allowedHosts.addAll(options.allowedHosts());
        allowedHosts.addAll(Set.of("127.0.0.1", "localhost", "[::1]"));
        allowedHosts.add(options.host().contains(":") ? "[" + options.host().toLowerCase(Locale.ROOT) + "]"
                : options.host().toLowerCase(Locale.ROOT));
        this.sockets = WebSocketUpgradeHandler.from(server);
        var container = sockets.getServerWebSocketContainer();
        container.setIdleTimeout(options.idleTimeout());
        // conservative until a socket's owner sets its own (see webSocket)
        container.setMaxTextMessageSize(4096);
        container.setMaxBinaryMessageSize(64 * 1024);
        container.setMaxFrameSize(64 * 1024);
        container.setMaxOutgoingFrames(64);
        container.setAutoFragment(false);
        sockets.setHandler(new Router());
        // at most this many requests in handlers at once (threads stay free for I/O); more wait, then get 503
        QoSHandler qos = new QoSHandler(sockets);
        qos.setMaxRequestCount(Math.max(2, options.maxThreads() - 4));
        qos.setMaxSuspendedRequestCount(options.maxQueuedRequests());
        qos.setMaxSuspend(options.idleTimeout());
        qos.setRejectStatusCode(503);
        server.setHandler(new Guard(qos));
    }

    /** A route for {@code method} ("GET", "POST", "DELETE"...) on an exact path; non-GET calls need a JSON body type. */
    public WebServer route(String method, String path, Route route) {
        return add(method, path, route, true);
    }

    /**
     * A route for server-to-server callbacks with form bodies or queries (for example Twilio's signed status
     * callbacks, which a room may send with POST or GET): no JSON content type required; the route authenticates the
     * sender itself, and answers other methods itself too, so it can say which setting to change.
     */
    public WebServer callback(String path, Route route) {
        for (String method : List.of("GET", "PUT", "PATCH", "DELETE")) {
            add(method, path, route, false);
        }
        return add("POST", path, route, false);
    }

    private WebServer add(String method, String path, Route route, boolean json) {
        Objects.requireNonNull(route, "route");
        routes.computeIfAbsent(path, p -> new ConcurrentHashMap<>()).put(method.toUpperCase(Locale.ROOT),
                new Entry(route, json));
        return this;
    }

    /**
     * A WebSocket on {@code path} (same port as HTTP). {@code limits} sets its message, frame and outgoing-queue
     * limits (Jetty enforces them as bytes arrive: a message or frame beyond them closes the connection with
     * 1009; more queued outgoing frames than allowed fails the send). Upgrades pass the Host and Origin checks
     * first.
     */
    public WebServer webSocket(String path, Consumer<Configurable> limits, Upgrade upgrade) {
        Objects.requireNonNull(upgrade, "upgrade");
        var container = sockets.getServerWebSocketContainer();
        limits.accept(container);
        container.addMapping(path, (rq, rs, cb) -> {
                Exchange ex = new Exchange(rq, rs, cb);
                // no permessage-deflate: compressed frames would be inflated past the size limits' intent
                rs.setExtensions(List.of());
                try {
                    return upgrade.accept(ex);
                } catch (HttpError e) {
                    REFUSALS.warn("WebSocket upgrade on {} refused ({}): {}", path, e.status(), e.getMessage());
                    Response.writeError(rq, rs, cb, e.status(), e.getMessage());
                    return null;
                }
            });
        return this;
    }

    /** Starts listening. */
    public WebServer start() throws IOException {
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw new IOException("could not start the server on " + options.host() + ":" + options.port() + ": "
                    + e.getMessage(), e);
        }
        return this;
    }

    /** The port listened on. */
    public int port() {
        return connector.getLocalPort();
    }

    public ServerOptions options() {
        return options;
    }

    /** Whether it serves HTTPS/WSS. */
    public boolean isSecure() {
        return options.keyStore() != null;
    }

    /** {@code http(s)://host:port} (127.0.0.1 when listening on every address). */
    public String origin() {
        String host = options.host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.isEmpty()) {
            host = "127.0.0.1";
        } else if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return (isSecure() ? "https://" : "http://") + host + ":" + port();
    }

    /** {@code ws(s)://host:port} of this server. */
    public String socketOrigin() {
        return origin().replaceFirst("^http", "ws");
    }

    /** An absolute URI of a path on this server. */
    public URI uri(String pathAndQuery) {
        return URI.create(origin() + pathAndQuery);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping the server: {}", e.toString());
        }
    }

    /** Host and Origin checks and the security headers, before WebSocket upgrades and routes. */
    private final class Guard extends Handler.Wrapper {
        Guard(Handler next) {
            super(next);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String host = request.getHeaders().get(HttpHeader.HOST);
            var h = response.getHeaders();
            h.put("X-Content-Type-Options", "nosniff");
            h.put("X-Frame-Options", "DENY");
            h.put("Referrer-Policy", "no-referrer");
            h.put(HttpHeader.CACHE_CONTROL, "no-store");
            h.put("Content-Security-Policy", CSP.replace("{ws}", host == null ? "" : (isSecure() ? "wss://" : "ws://")
                    + host));
            if (host != null && !hostAllowed(host)) {
                return refuse(request, response, callback, 421, "this server does not answer for host "
                        + shorten(host));
            }
            String method = request.getMethod();
            boolean upgrade = "websocket".equalsIgnoreCase(request.getHeaders().get(HttpHeader.UPGRADE));
            boolean safe = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
            String origin = request.getHeaders().get(HttpHeader.ORIGIN);
            if ((upgrade || !safe) && origin != null && !originAllowed(origin, host)) {
                return refuse(request, response, callback, 403, "cross-origin request refused from "
                        + shorten(origin));
            }
            return super.handle(request, response, callback);
        }

        private boolean refuse(Request request, Response response, Callback callback, int status, String message) {
            REFUSALS.warn("{} {} refused ({}): {}", request.getMethod(), request.getHttpURI().getPath(), status,
                    message);
            new Exchange(request, response, callback).error(status, message);
            return true;
        }
    }

    private boolean hostAllowed(String hostHeader) {
        if (allowedHosts.contains("*")) {
            return true;
        }
        String name = hostHeader.toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            name = end < 0 ? name : name.substring(0, end + 1);
        } else {
            int colon = name.lastIndexOf(':');
            name = colon < 0 ? name : name.substring(0, colon);
        }
        return allowedHosts.contains(name);
    }

    private boolean originAllowed(String origin, String host) {
        String o = origin.toLowerCase(Locale.ROOT);
        if (options.allowedOrigins().contains(o)) {
            return true;
        }
        // the server's own origin: the authority the browser addressed (already checked against the host names)
        return host != null && (o.equals("http://" + host.toLowerCase(Locale.ROOT))
                || o.equals("https://" + host.toLowerCase(Locale.ROOT)));
    }

    private static String shorten(String s) {
        String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "…" : clean;
    }

    /** Exact-path routes; errors become JSON without server paths or stack traces. */
    private final class Router extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Exchange ex = new Exchange(request, response, callback);
            String method = request.getMethod();
            Map<String, Entry> byMethod = routes.get(request.getHttpURI().getPath());
            if (byMethod == null) {
                ex.error(404, "no such page: " + shorten(request.getHttpURI().getPath()));
                return true;
            }
            Entry entry = byMethod.get(method.equals("HEAD") ? "GET" : method);
            if (entry == null) {
                response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", byMethod.keySet()));
                ex.error(405, method + " is not allowed here");
                return true;
            }
            boolean safe = method.equals("GET") || method.equals("HEAD");
            if (entry.json() && !safe) {
                String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
                if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                    REFUSALS.warn("{} {} refused (415): content type {}", method, ex.path(), type);
                    ex.error(415, "send Content-Type: application/json");
                    return true;
                }
            }
            try {
                entry.route().handle(ex);
                if (!ex.responded()) {
                    ex.empty(204);
                }
            } catch (HttpError e) {
                answer(ex, e.status(), e.getMessage());
            } catch (ImageTooLargeException e) {
                answer(ex, 413, e.getMessage());
            } catch (IllegalArgumentException | Mask4jException e) {
                answer(ex, 400, e.getMessage());
            } catch (IllegalStateException e) {
                answer(ex, 409, e.getMessage());
            } catch (Exception e) {
                REFUSALS.warn("{} {} failed: {}", method, ex.path(), e.toString());
                LOG.debug("{} {} failed", method, ex.path(), e);
                answer(ex, 500, "internal error");
            }
            return true;
        }

        private void answer(Exchange ex, int status, String message) {
            if (!ex.responded()) {
                ex.error(status, message);
            }
        }
    }
}
