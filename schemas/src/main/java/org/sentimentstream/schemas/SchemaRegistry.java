package org.sentimentstream.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;

/**
 * A client of the two endpoints of the Confluent Schema Registry REST API that the formats need, as served by
 * Confluent Schema Registry, Apicurio Registry's compatibility API, Karapace and Redpanda: {@code GET
 * /schemas/ids/{id}} (a writer schema by id) and {@code POST /subjects/{subject}/versions} (register a schema, get
 * its id). Written over {@link HttpClient} because Confluent's client is not on Maven Central and Apicurio's SDK
 * speaks Apicurio's own API. Transient failures (I/O, HTTP 5xx, 429) are retried {@value #ATTEMPTS} times with a
 * growing pause; a lookup therefore ends within a bounded time. Thread-safe.
 */
public final class SchemaRegistry {
    static final int ATTEMPTS = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final HttpClient http;

    /**
     * Where the registry is.
     *
     * @param url base URL, e.g. {@code http://registry:8081}
     * @param userInfo {@code user:password} for HTTP basic auth, or null
     */
    public record Settings(String url, String userInfo) implements Serializable {
        public Settings {
            url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException("schema registry URL must start with http:// or https://: " + url);
            }
        }

        /**
         * The registry at {@code url} with the credentials a Confluent client configuration would give it:
         * {@code basic.auth.user.info} (or {@code schema.registry.basic.auth.user.info}) in {@code properties}.
         */
        public static Settings of(String url, Properties properties) {
            String userInfo = properties.getProperty("schema.registry.basic.auth.user.info",
                    properties.getProperty("basic.auth.user.info"));
            return new Settings(url, userInfo);
        }

        @Override
        public String toString() {
            return url + (userInfo == null ? "" : " (basic auth)");
        }
    }

    /** A lookup that failed: {@link #notFound()} for an id the registry does not have, else unreachable. */
    public static final class RegistryException extends IOException {
        private static final long serialVersionUID = 1L;
        private final boolean notFound;

        RegistryException(String message, boolean notFound, Throwable cause) {
            super(message, cause);
            this.notFound = notFound;
        }

        public boolean notFound() {
            return notFound;
        }
    }

    public SchemaRegistry(Settings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    public Settings settings() {
        return settings;
    }

    /** The schema registered with {@code id}. */
    public Schema schemaById(int id) throws RegistryException {
        JsonNode body = call(request("/schemas/ids/" + id).GET(), "schema id " + id);
        String type = body.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new RegistryException("schema id " + id + " is a " + type + " schema, not Avro", true, null);
        }
        try {
            return new Schema.Parser().parse(body.path("schema").asText());
        } catch (RuntimeException e) {
            throw new RegistryException("schema id " + id + " is not an Avro schema this reader can parse "
                    + "(schema references are not supported): " + e.getMessage(), true, e);
        }
    }

    /** Registers {@code schema} under {@code subject} (or finds it registered) and returns its id. */
    public int register(String subject, Schema schema) throws RegistryException {
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("schema", schema.toString()));
        } catch (IOException e) {
            throw new IllegalStateException("a map of one string always serializes", e);
        }
        JsonNode reply = call(request("/subjects/" + java.net.URLEncoder.encode(subject, StandardCharsets.UTF_8)
                + "/versions").header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), "registering under subject " + subject);
        if (!reply.path("id").canConvertToInt()) {
            throw new RegistryException("registry answered " + reply + " when registering under " + subject, false,
                    null);
        }
        return reply.path("id").intValue();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.url() + path)).timeout(TIMEOUT)
                .header("Accept", "application/vnd.schemaregistry.v1+json, application/json");
        if (settings.userInfo() != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    settings.userInfo().getBytes(StandardCharsets.UTF_8)));
        }
        return request;
    }

    private JsonNode call(HttpRequest.Builder request, String what) throws RegistryException {
        String failure = null;
        Throwable cause = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (attempt > 1) {
                pause(FIRST_PAUSE.multipliedBy(attempt - 1));
            }
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 200) {
                    return JSON.readTree(response.body());
                }
                failure = "HTTP " + status + " " + response.body();
                if (status < 500 && status != 429) {
                    throw new RegistryException(what + ": registry " + settings.url() + " answered " + failure,
                            status == 404, null);
                }
            } catch (RegistryException e) {
                throw e;
            } catch (IOException e) {
                failure = e.toString();
                cause = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException(what + ": interrupted", false, e);
            }
        }
        throw new RegistryException(what + ": registry " + settings.url() + " unreachable after " + ATTEMPTS
                + " attempts: " + failure, false, cause);
    }

    private static void pause(Duration pause) throws RegistryException {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted", false, e);
        }
    }
}
