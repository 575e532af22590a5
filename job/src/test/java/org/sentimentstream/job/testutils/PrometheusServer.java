package org.sentimentstream.job.testutils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sentimentstream.local.FreePort;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus} package) in its own process, with its own configuration
 * and data directory, on a free loopback port, scraping one target every second; queried through its HTTP API.
 */
public final class PrometheusServer implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/prometheus");

    private final Process process;
    private final URI base;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private PrometheusServer(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /** Starts Prometheus scraping {@code target} (host:port, path /metrics) and waits until it is ready. */
    public static PrometheusServer start(Path dir, String target) throws Exception {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " not found: install Prometheus with `apt-get install -y prometheus`");
        }
        Files.createDirectories(dir);
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  scrape_timeout: 1s",
                "scrape_configs:",
                "  - job_name: flink",
                "    static_configs:",
                "      - targets: ['" + target + "']",
                ""));
        int port = FreePort.onLoopback();
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(BINARY.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port), log);
        server.awaitReady(Duration.ofSeconds(30));
        return server;
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + ": "
                        + Files.readString(log));
            }
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // poll again
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException("prometheus not ready after " + timeout.toSeconds() + " s: "
                + Files.readString(log));
    }

    /** The result vector of an instant PromQL query ({@code data.result}). */
    public JsonNode query(String promql) throws Exception {
        return data("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).path("result");
    }

    /** The value of a query that yields one sample, or NaN when it yields none. */
    public double value(String promql) throws Exception {
        JsonNode result = query(promql);
        if (result.size() > 1) {
            throw new AssertionError(promql + " gave " + result.size() + " series: " + result);
        }
        return result.isEmpty() ? Double.NaN : Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    /** Every metric name Prometheus has stored. */
    public Set<String> metricNames() throws Exception {
        Set<String> names = new TreeSet<>();
        data("/api/v1/label/__name__/values").forEach(name -> names.add(name.asText()));
        return names;
    }

    private JsonNode data(String path) throws Exception {
        HttpResponse<String> response = get(path);
        JsonNode body = json.readTree(response.body());
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IllegalStateException("GET " + path + ": HTTP " + response.statusCode() + " " + body);
        }
        return body.path("data");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
