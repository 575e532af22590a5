package org.sentimentstream.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

class EmbeddedKafkaBrokerITCase {
    @TempDir
    Path dir;

    @Test
    void createsTopicsWithTheirPartitionsAndDeletesThem() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(dir);
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers()))) {
            kafka.createTopics(3, List.of("kept", "run-1-reviews", "run-1-labels"));
            kafka.createTopics(3, List.of("kept")); // again: no error
            assertEquals(Set.of("kept", "run-1-reviews", "run-1-labels"), topicsOnceSeen(admin, 3));
            assertEquals(3, admin.describeTopics(List.of("run-1-reviews")).allTopicNames().get()
                    .get("run-1-reviews").partitions().size());

            kafka.deleteTopics(List.of("run-1-reviews", "run-1-labels"));

            assertEquals(Set.of("kept"), topicsOnceSeen(admin, 1));
        }
    }

    /**
     * The broker's topics once it lists {@code count} of them, or after 10 s: the broker applies the controller's
     * committed metadata shortly after the admin call returns.
     */
    private static Set<String> topicsOnceSeen(Admin admin, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Set<String> topics = admin.listTopics().names().get();
        while (topics.size() != count && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
            topics = admin.listTopics().names().get();
        }
        return topics;
    }
}
