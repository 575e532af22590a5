package org.sentimentstream.cli;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.RetriableException;

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
        try (Admin admin = admin(bootstrapServers, clientProperties)) {
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<String> missing = new ArrayList<>(topics);
            missing.removeAll(existing);
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("missing Kafka topics " + missing + " on " + bootstrapServers
                        + ": create them first (./sentiment topics create)");
            }
        } catch (ExecutionException | TimeoutException e) {
            throw failed(bootstrapServers, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An admin client that gives up on an unreachable broker within seconds. */
    static Admin admin(String bootstrapServers, Properties clientProperties) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        return Admin.create(p);
    }

    /** The one-line user error for an admin call that failed: wrong credentials, or no Kafka there. */
    static IllegalArgumentException failed(String bootstrapServers, Exception e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (cause instanceof AuthenticationException) {
            // Kafka's message names the mechanism and the failure, never the secret
            return new IllegalArgumentException("Kafka at " + bootstrapServers + " refused the credentials from "
                    + "--kafka-properties: " + cause.getMessage(), e);
        }
        if (cause instanceof ApiException && !(cause instanceof RetriableException)) {
            // an answer, not an outage: a replication factor above the brokers' count, a policy, an ACL
            return new IllegalArgumentException("Kafka at " + bootstrapServers + " refused: "
                    + cause.getClass().getSimpleName() + ": " + cause.getMessage(), e);
        }
        return new IllegalArgumentException("cannot reach Kafka at " + bootstrapServers + " ("
                + cause.getClass().getSimpleName() + "): check --bootstrap-servers and --kafka-properties", e);
    }
}
