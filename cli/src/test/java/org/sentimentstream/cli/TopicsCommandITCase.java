package org.sentimentstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentimentstream.local.EmbeddedKafkaBroker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code ./sentiment topics create} against an in-process broker: the job's flags name the topics, the client
 * properties file sizes the outputs, a second run changes nothing, and a topic changed behind its back is reported
 * (exit 1 only when asked).
 */
class TopicsCommandITCase {
    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static CliRun create(String... extra) throws Exception {
        Path properties = Files.writeString(dir.resolve("client.properties"), "max.request.size=2097152\n");
        List<String> args = new ArrayList<>(List.of("topics", "create", "--bootstrap-servers",
                kafka.bootstrapServers(), "--kafka-properties", properties.toString(), "--reviews-topic", "in",
                "--labels-topic", "truth", "--sentiment-topic", "out", "--accuracy-topic", "acc",
                "--dead-letter-topic", "dlq", "--shadow-topic", "shadow", "--comparison-topic", "cmp",
                "--models-topic", "ctl", "--partitions", "3"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void createsOnceThenReportsAndFailsOnlyWhenAsked() throws Exception {
        CliRun first = create();
        assertEquals(0, first.exitCode(), first.err());
        assertEquals(List.of(
                "created in: 3 partitions, cleanup.policy=delete max.message.bytes=524288 retention.ms=604800000",
                "created truth: 3 partitions, cleanup.policy=delete max.message.bytes=524288 retention.ms=604800000",
                "created out: 3 partitions, cleanup.policy=delete max.message.bytes=2097152 retention.ms=259200000",
                "created shadow: 3 partitions, cleanup.policy=delete max.message.bytes=2097152 "
                        + "retention.ms=259200000",
                "created acc: 1 partition, cleanup.policy=compact,delete max.message.bytes=2097152 "
                        + "min.compaction.lag.ms=86400000 retention.ms=604800000",
                "created cmp: 1 partition, cleanup.policy=compact,delete max.message.bytes=2097152 "
                        + "min.compaction.lag.ms=86400000 retention.ms=604800000",
                "created dlq: 3 partitions, cleanup.policy=delete max.message.bytes=2097152 retention.ms=2592000000",
                "created ctl: 1 partition, cleanup.policy=delete max.message.bytes=524288 retention.ms=-1"),
                first.out().lines().toList());

        CliRun second = create("--fail-on-difference");
        assertEquals(0, second.exitCode(), second.err());
        assertEquals(List.of("exists in: as wanted", "exists truth: as wanted", "exists out: as wanted",
                "exists shadow: as wanted", "exists acc: as wanted", "exists cmp: as wanted", "exists dlq: as wanted",
                "exists ctl: as wanted"), second.out().lines().toList());

        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            admin.createPartitions(Map.of("acc", NewPartitions.increaseTo(2))).all().get();
        }
        CliRun reported = create();
        assertEquals(0, reported.exitCode(), reported.err());
        assertTrue(reported.out().contains("exists acc: differs: partitions 2 (wanted 1)\n"), reported.out());
        CliRun failed = create("--fail-on-difference");
        assertEquals(1, failed.exitCode(), failed.out());
    }

    @Test
    void helpShowsTheJobsTopicFlagsWithTheirDefaults() {
        CliRun run = CliRun.of("topics", "create", "--help");
        assertEquals(0, run.exitCode(), run.err());
        for (String flag : List.of("--bootstrap-servers=HOST:PORT", "--reviews-topic=TOPIC",
                "--dead-letter-topic=TOPIC", "--text-max-chars=N",
                "--kafka-properties=FILE", "--partitions=<partitions>", "--replication-factor=N")) {
            assertTrue(run.out().contains(flag), flag + "\n" + run.out());
        }
        assertTrue(run.out().contains("Topic of Review records (default: reviews)."), run.out());
    }

    @Test
    void anUnreachableBrokerIsOneLine() {
        CliRun run = CliRun.of("topics", "create", "--bootstrap-servers", "127.0.0.1:1");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("error: cannot reach Kafka at 127.0.0.1:1"), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }
}
