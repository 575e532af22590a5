package org.sentimentstream.job.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * Creates the topics that are missing with their settings and compares those that exist with what they should be,
 * through Kafka's Admin API; an existing topic is reported, never changed.
 */
public final class TopicCreation {
    private TopicCreation() {}

    /** What happened to one topic: created, or found, with how it differs from the wanted settings (if at all). */
    public record Outcome(JobTopics.Topic topic, boolean created, List<String> differences) {
        /** One line: "created NAME: N partitions, k=v ...", or "exists NAME: as wanted" or its differences. */
        public String describe() {
            if (created) {
                return "created " + topic.name() + ": " + topic.partitions() + " partition"
                        + (topic.partitions() == 1 ? "" : "s") + ", " + topic.configs().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey()).map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(" "));
            }
            return "exists " + topic.name() + ": " + (differences.isEmpty() ? "as wanted"
                    : "differs: " + String.join("; ", differences));
        }
    }

    /**
     * Creates each missing topic of {@code topics} ({@code replicationFactor} empty: the broker's
     * {@code default.replication.factor}) and describes those that exist.
     */
    public static List<Outcome> apply(Admin admin, List<JobTopics.Topic> topics, Optional<Short> replicationFactor)
            throws ExecutionException, InterruptedException {
        Set<String> existing = admin.listTopics().names().get();
        List<Outcome> outcomes = new ArrayList<>();
        for (JobTopics.Topic topic : topics) {
            if (!existing.contains(topic.name()) && create(admin, topic, replicationFactor)) {
                outcomes.add(new Outcome(topic, true, List.of()));
            } else {
                outcomes.add(new Outcome(topic, false, differences(admin, topic, replicationFactor)));
            }
        }
        return outcomes;
    }

    /** Creates the topic; false when someone else created it first. */
    private static boolean create(Admin admin, JobTopics.Topic topic, Optional<Short> replicationFactor)
            throws ExecutionException, InterruptedException {
        try {
            admin.createTopics(List.of(new NewTopic(topic.name(), Optional.of(topic.partitions()), replicationFactor)
                    .configs(topic.configs()))).all().get();
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw e;
        }
    }

    private static List<String> differences(Admin admin, JobTopics.Topic topic, Optional<Short> replicationFactor)
            throws ExecutionException, InterruptedException {
        List<String> differences = new ArrayList<>();
        TopicDescription description = admin.describeTopics(List.of(topic.name())).allTopicNames().get()
                .get(topic.name());
        int partitions = description.partitions().size();
        if (partitions != topic.partitions()) {
            differences.add("partitions " + partitions + " (wanted " + topic.partitions() + ")");
        }
        int replicas = description.partitions().get(0).replicas().size();
        if (replicationFactor.isPresent() && replicas != replicationFactor.get()) {
            differences.add("replication factor " + replicas + " (wanted " + replicationFactor.get() + ")");
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        for (Map.Entry<String, String> wanted : topic.configs().entrySet()) {
            ConfigEntry actual = config.get(wanted.getKey());
            String value = actual == null ? null : actual.value();
            if (!wanted.getValue().equals(value)) {
                differences.add(wanted.getKey() + "=" + value + " (wanted " + wanted.getValue() + ")");
            }
        }
        return differences;
    }
}
