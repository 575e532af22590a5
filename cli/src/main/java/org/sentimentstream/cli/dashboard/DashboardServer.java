package org.sentimentstream.cli.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Serves the page (HTML, script, style and the charting library, all from the classpath: no CDN) and pushes the
 * latest stats JSON to each open page over server-sent events ({@code /events}) whenever it changes, at most every
 * {@value #PUSH_EVERY_MS} ms. {@code /snapshot.json} gives the same JSON once.
 */
final class DashboardServer implements AutoCloseable {
    static final long PUSH_EVERY_MS = 500;
    private static final long KEEP_ALIVE_MS = 15_000;
    private static final Map<String, String> ASSETS = Map.of(
            "/", "index.html",
            "/dashboard.js", "dashboard.js",
            "/dashboard.css", "dashboard.css",
            "/vendor/chart.umd.min.js", "vendor/chart.umd.min.js");
    private static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'";

    private final HttpServer server;
    private final ExecutorService threads;
    private final Supplier<String> snapshots;
    private final Map<String, byte[]> assets = new HashMap<>();
    private volatile boolean closing;

    private DashboardServer(HttpServer server, ExecutorService threads, Supplier<String> snapshots) {
        this.server = server;
        this.threads = threads;
        this.snapshots = snapshots;
        ASSETS.forEach((path, file) -> assets.put(path, resource(file)));
    }

    /** Listens on {@code address} (port 0: any free port); {@code snapshots} gives the current stats as JSON. */
    static DashboardServer start(InetSocketAddress address, Supplier<String> snapshots) throws IOException {
        HttpServer http;
        try {
            http = HttpServer.create(address, 0);
        } catch (BindException e) {
            throw new IllegalArgumentException("cannot listen on " + address.getHostString() + ":"
                    + address.getPort() + " (" + e.getMessage() + "): choose a free port with --port "
                    + "(demo: --dashboard-port)");
        }
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dashboard-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(threads);
        DashboardServer dashboard = new DashboardServer(http, threads, snapshots);
        http.createContext("/", dashboard::asset);
        http.createContext("/events", dashboard::events);
        http.createContext("/snapshot.json", dashboard::snapshot);
        http.start();
        return dashboard;
    }

    /** The page's address; a server listening on every interface is shown as localhost. */
    URI url() {
        InetSocketAddress at = server.getAddress();
        String host = at.getAddress().isAnyLocalAddress() ? "localhost" : at.getAddress().getHostAddress();
        return URI.create("http://" + host + ":" + at.getPort() + "/");
    }

    private static byte[] resource(String file) {
        try (InputStream in = DashboardServer.class.getResourceAsStream("/dashboard/" + file)) {
            if (in == null) {
                throw new IllegalStateException("dashboard/" + file + " is missing from the build (the build "
                        + "runs npm ci for the charting library): rebuild with mvn package");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void asset(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = assets.get(exchange.getRequestURI().getPath());
            if (body == null || !exchange.getRequestMethod().equals("GET")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String path = exchange.getRequestURI().getPath();
            exchange.getResponseHeaders().set("Content-Type", path.endsWith(".js") ? "text/javascript; charset=utf-8"
                    : path.endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8");
            secure(exchange);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private void snapshot(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = snapshots.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            secure(exchange);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    /** One open page: the stats whenever they change, a comment now and then to keep the connection open. */
    private void events(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            secure(exchange);
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            String sent = null;
            long lastWrite = 0;
            while (!closing) {
                String json = snapshots.get();
                long now = System.currentTimeMillis();
                if (!json.equals(sent)) {
                    out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
                    sent = json;
                    lastWrite = now;
                } else if (now - lastWrite >= KEEP_ALIVE_MS) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    lastWrite = now;
                }
                out.flush();
                TimeUnit.MILLISECONDS.sleep(PUSH_EVERY_MS); // the push pace
            }
        } catch (IOException pageClosed) {
            // the page went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void secure(HttpExchange exchange) {
        exchange.getResponseHeaders().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    }

    @Override
    public void close() {
        closing = true;
        server.stop(0);
        threads.shutdownNow();
    }
}
