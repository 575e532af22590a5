package org.sentimentstream.cli;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthenticationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Fails fast, in one line, when Kafka is unreachable or a topic the command needs is missing. */
final class KafkaCheck {
    private KafkaCheck() {}

    static void topicsExist(String bootstrapServers, Properties clientProperties, List<String> topics) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<String> missing = new ArrayList<>(topics);
            missing.removeAll(existing);
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("missing Kafka topics " + missing + " on " + bootstrapServers
                        + ": create them first");
            }
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof AuthenticationException) {
                // Kafka's message names the mechanism and the failure, never the secret
                throw new IllegalArgumentException("Kafka at " + bootstrapServers + " refused the credentials from "
                        + "--kafka-properties: " + cause.getMessage(), e);
            }
            throw new IllegalArgumentException("cannot reach Kafka at " + bootstrapServers + " ("
                    + cause.getClass().getSimpleName() + "): check --bootstrap-servers and --kafka-properties", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
