package org.sentimentstream.schemas.testutils;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The endpoints of the Confluent Schema Registry REST API that the formats use, served in-process: {@code GET
 * /schemas/ids/{id}} and {@code POST /subjects/{subject}/versions}, with their documented replies and error bodies
 * ({@code 40403} schema not found); no real registry runs on Maven Central or Debian. Ids are global and start at 1;
 * the same schema (parsing canonical form) gets the same id under any subject. Optionally demands basic auth.
 */
public final class InProcessSchemaRegistry implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final HttpServer server;
    private final String requiredAuthorization;
    private final Map<Integer, String> schemas = new ConcurrentHashMap<>();
    private final Map<String, Integer> ids = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final AtomicInteger lookups = new AtomicInteger();

    private InProcessSchemaRegistry(String userInfo) throws IOException {
        this.requiredAuthorization = userInfo == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A registry open to all. */
    public static InProcessSchemaRegistry start() {
        return start(null);
    }

    /** A registry that answers 401 unless given {@code userInfo} ({@code user:password}) by basic auth. */
    public static InProcessSchemaRegistry start(String userInfo) {
        try {
            return new InProcessSchemaRegistry(userInfo);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Registers {@code schema} as a producer's serializer would, returning its id. */
    public int register(Schema schema) {
        return ids.computeIfAbsent(SchemaNormalization.toParsingForm(schema), canonical -> {
            int id = nextId.getAndIncrement();
            schemas.put(id, schema.toString());
            return id;
        });
    }

    /** How many {@code GET /schemas/ids/{id}} requests were answered, found or not. */
    public int lookups() {
        return lookups.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (requiredAuthorization != null
                    && !requiredAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                reply(exchange, 401, Map.of("error_code", 401, "message", "Unauthorized"));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.matches("/schemas/ids/\\d+")) {
                lookups.incrementAndGet();
                String schema = schemas.get(Integer.parseInt(path.substring("/schemas/ids/".length())));
                if (schema == null) {
                    reply(exchange, 404, Map.of("error_code", 40403, "message", "Schema not found"));
                } else {
                    reply(exchange, 200, Map.of("schema", schema));
                }
            } else if (method.equals("POST") && path.matches("/subjects/[^/]+/versions")) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Schema schema = new Schema.Parser().parse(JSON.readTree(body).path("schema").asText());
                reply(exchange, 200, Map.of("id", register(schema)));
            } else {
                reply(exchange, 404, Map.of("error_code", 404, "message", "HTTP 404 Not Found"));
            }
        }
    }

    private static void reply(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
