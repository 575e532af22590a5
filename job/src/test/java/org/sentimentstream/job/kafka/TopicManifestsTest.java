package org.sentimentstream.job.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import org.junit.jupiter.api.Test;
import org.sentimentstream.job.JobConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link JobTopics} is the one source of the topics' settings: the compose stack creates its topics with
 * {@code ./sentiment topics create}, and Strimzi's declarative KafkaTopics in k8s/ must say the same (their partition
 * and replica counts are the cluster's; accuracy has one partition everywhere).
 */
class TopicManifestsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path ROOT = Path.of("..");

    @Test
    void kubernetesKafkaTopicsHaveTheSettingsOfJobTopics() throws IOException {
        Map<String, Map<String, String>> declared = new TreeMap<>();
        try (YAMLParser parser = new YAMLFactory().createParser(
                Files.readString(ROOT.resolve("k8s/base/kafka/topics.yaml")))) {
            for (JsonNode topic : YAML.readValues(parser, JsonNode.class).readAll()) {
                Map<String, String> config = new TreeMap<>();
                topic.at("/spec/config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
                declared.put(topic.at("/metadata/name").asText(), config);
                if (topic.at("/metadata/name").asText().equals("accuracy")) {
                    assertEquals(1, topic.at("/spec/partitions").asInt());
                }
            }
        }
        Map<String, Map<String, String>> wanted = new TreeMap<>();
        for (JobTopics.Topic topic : JobTopics.of(new JobConfig.Builder().build(), 12)) {
            wanted.put(topic.name(), new TreeMap<>(topic.configs()));
        }
        assertEquals(wanted, declared);
    }

    @Test
    void theComposeStackCreatesItsTopicsWithTheCli() throws IOException {
        JsonNode topics = YAML.readTree(ROOT.resolve("docker/compose.yaml").toFile()).at("/services/topics");
        assertEquals(List.of("/opt/sentiment/sentiment", "topics", "create"),
                YAML.convertValue(topics.path("entrypoint"), List.class));
        List<?> command = YAML.convertValue(topics.path("command"), List.class);
        assertEquals("kafka:9092", command.get(command.indexOf("--bootstrap-servers") + 1));
    }
}
