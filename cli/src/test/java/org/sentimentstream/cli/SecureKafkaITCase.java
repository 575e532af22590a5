package org.sentimentstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentimentstream.job.kafka.ClientProperties;
import org.sentimentstream.job.testutils.TopicReader;
import org.sentimentstream.local.EmbeddedKafkaBroker;
import org.sentimentstream.trainer.testutils.SyntheticImdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Kafka security from a client properties file, for every source and sink: against a broker whose listener
 * requires SASL/PLAIN, the right credentials work end to end (replay, then the job) and wrong ones fail fast in one
 * line that does not echo the secret.
 */
class SecureKafkaITCase {
    private static final String PASSWORD = "s3cret-Pa55";
    private static final String WRONG = "n0t-the-Pa55";

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker kafka;
    private static Path archive;
    private static Path modelDir;
    private static Path good;
    private static Path wrong;

    @BeforeAll
    static void start() throws IOException {
        archive = dir.resolve("imdb.tar.gz");
        SyntheticImdb.writeArchive(archive, SyntheticImdb.bothSplits(300, 9));
        modelDir = dir.resolve("model");
        CliRun train = CliRun.of("train", "--data", archive.toString(), "--model-dir", modelDir.toString(),
                "--buckets", "16384", "--dims", "8", "--hidden", "4", "--batch-size", "64", "--epochs", "3",
                "--learning-rate", "0.01", "--validation-size", "100");
        assertEquals(0, train.exitCode(), train.err());
        kafka = EmbeddedKafkaBroker.startWithSaslPlain(dir.resolve("kafka"), Map.of("sentiment", PASSWORD));
        kafka.createTopics(2, List.of("reviews", "labels"));
        kafka.createTopics(1, List.of("sentiment", "sentiment-shadow", "accuracy", "comparison", "dead-letters",
                "models"));
        good = properties("good.properties", PASSWORD);
        wrong = properties("wrong.properties", WRONG);
    }

    private static Path properties(String name, String password) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n",
                "security.protocol=SASL_PLAINTEXT",
                "sasl.mechanism=PLAIN",
                "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"sentiment\" password=\"" + password + "\";"));
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void rightCredentialsWorkEndToEnd() {
        CliRun replay = CliRun.of("replay", "--bootstrap-servers", kafka.bootstrapServers(), "--data",
                archive.toString(), "--limit", "200", "--label-delay", "0s", "--kafka-properties", good.toString());
        assertEquals(0, replay.exitCode(), replay.err());

        CliRun job = CliRun.of("job", "--bootstrap-servers", kafka.bootstrapServers(), "--model-dir",
                modelDir.toString(), "--kafka-properties", good.toString(), "--bounded", "--checkpoint-interval",
                "500ms", "--parallelism", "1");
        assertEquals(0, job.exitCode(), job.err());
        var client = ClientProperties.load(good);
        assertEquals(200, TopicReader.readAll(kafka.bootstrapServers(), "sentiment", client).size());
        assertTrue(TopicReader.readAll(kafka.bootstrapServers(), "accuracy", client).size() > 0);
    }

    @Test
    void wrongCredentialsFailFastInOneLineWithoutTheSecret() {
        CliRun job = CliRun.of("job", "--bootstrap-servers", kafka.bootstrapServers(), "--model-dir",
                modelDir.toString(), "--kafka-properties", wrong.toString());
        assertEquals(1, job.exitCode());
        String error = job.err().lines().filter(l -> l.startsWith("error: ")).findFirst().orElseThrow();
        assertTrue(error.startsWith("error: Kafka at " + kafka.bootstrapServers() + " refused the credentials"),
                error);
        assertFalse(job.err().contains(WRONG), job.err());
        assertFalse(job.out().contains(WRONG));

        CliRun replay = CliRun.of("replay", "--bootstrap-servers", kafka.bootstrapServers(), "--data",
                archive.toString(), "--kafka-properties", wrong.toString());
        assertEquals(1, replay.exitCode());
        assertTrue(replay.err().startsWith("error: Kafka at " + kafka.bootstrapServers() + " refused"),
                replay.err());
        assertEquals(1, replay.err().lines().count(), replay.err());
        assertFalse(replay.err().contains(WRONG));
    }
}
