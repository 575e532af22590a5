package org.sentimentstream.job.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentimentstream.job.JobConfig;
import org.sentimentstream.local.EmbeddedKafkaBroker;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** The job's topics created on a real (in-process KRaft) broker, then found again, then found changed. */
class TopicCreationITCase {
    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker kafka;
    private static Admin admin;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        admin = Admin.create(p);
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void createsTheFiveTopicsWithTheirSettingsOnceAndReportsWhatDiffers() throws Exception {
        JobConfig.Builder b = new JobConfig.Builder();
        b.reviewsTopic = "t-reviews";
        b.labelsTopic = "t-labels";
        b.sentimentTopic = "t-sentiment";
        b.accuracyTopic = "t-accuracy";
        b.deadLetterTopic = "t-dead-letters";
        b.shadowTopic = "t-sentiment-shadow";
        b.comparisonTopic = "t-comparison";
        b.modelsTopic = "t-models";
        b.textMaxChars = 200_000; // reviews then need more than a dead letter keeps
        List<JobTopics.Topic> topics = JobTopics.of(b.build(), 3);

        List<TopicCreation.Outcome> first = TopicCreation.apply(admin, topics, Optional.of((short) 1));
        assertEquals(List.of(
                "created t-reviews: 3 partitions, cleanup.policy=delete max.message.bytes=665536 "
                        + "retention.ms=604800000",
                "created t-labels: 3 partitions, cleanup.policy=delete max.message.bytes=524288 retention.ms=604800000",
                "created t-sentiment: 3 partitions, cleanup.policy=delete max.message.bytes=1048576 "
                        + "retention.ms=259200000",
                "created t-sentiment-shadow: 3 partitions, cleanup.policy=delete max.message.bytes=1048576 "
                        + "retention.ms=259200000",
                "created t-accuracy: 1 partition, cleanup.policy=compact,delete max.message.bytes=1048576 "
                        + "min.compaction.lag.ms=86400000 retention.ms=604800000",
                "created t-comparison: 1 partition, cleanup.policy=compact,delete max.message.bytes=1048576 "
                        + "min.compaction.lag.ms=86400000 retention.ms=604800000",
                "created t-dead-letters: 3 partitions, cleanup.policy=delete max.message.bytes=1048576 "
                        + "retention.ms=2592000000",
                "created t-models: 1 partition, cleanup.policy=delete max.message.bytes=524288 retention.ms=-1"),
                first.stream().map(TopicCreation.Outcome::describe).toList());
        // what the broker holds, read back on its own once its metadata has caught up with the controller
        Map<String, TopicDescription> described = describedOnceKnown(topics);
        for (JobTopics.Topic topic : topics) {
            assertEquals(topic.partitions(), described.get(topic.name()).partitions().size(), topic.name());
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
            var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            topic.configs().forEach((key, value) -> assertEquals(value, config.get(key).value(), key));
        }

        List<TopicCreation.Outcome> second = TopicCreation.apply(admin, topics, Optional.empty());
        assertEquals(topics.stream().map(t -> "exists " + t.name() + ": as wanted").toList(),
                second.stream().map(TopicCreation.Outcome::describe).toList());

        ConfigResource accuracy = new ConfigResource(ConfigResource.Type.TOPIC, "t-accuracy");
        admin.incrementalAlterConfigs(Map.of(accuracy, List.of(new AlterConfigOp(
                new ConfigEntry("cleanup.policy", "delete"), AlterConfigOp.OpType.SET)))).all().get();
        List<TopicCreation.Outcome> third = TopicCreation.apply(admin, topics, Optional.of((short) 2));
        assertEquals("exists t-accuracy: differs: replication factor 1 (wanted 2); cleanup.policy=delete "
                + "(wanted compact,delete)", third.get(4).describe());
        assertEquals("exists t-labels: differs: replication factor 1 (wanted 2)", third.get(1).describe());
    }

    private static Map<String, TopicDescription> describedOnceKnown(List<JobTopics.Topic> topics) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return admin.describeTopics(topics.stream().map(JobTopics.Topic::name).toList()).allTopicNames()
                        .get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }
}
