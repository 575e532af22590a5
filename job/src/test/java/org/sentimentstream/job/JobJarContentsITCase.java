package org.sentimentstream.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/**
 * The shaded job jar holds what runs on a Flink cluster and nothing else: no local runtime (in-process broker,
 * local Flink), no bench, replay, trainer or CLI, no command-line library, no Kafka broker or test kit. It runs after
 * {@code package}, on the jar that {@code flink run} and the images use.
 */
class JobJarContentsITCase {
    /** Class-file prefixes that must not ship, each with what it would be. */
    private static final List<String> FORBIDDEN = List.of(
            "org/sentimentstream/local/", // the local runtime
            "org/sentimentstream/bench/",
            "org/sentimentstream/replay/",
            "org/sentimentstream/trainer/",
            "org/sentimentstream/cli/",
            "picocli/",
            "kafka/", // the Scala broker (kafka_2.13), its test kit kafka/testkit
            "org/apache/kafka/server/config/", // kafka-server and kafka-server-common
            "org/apache/kafka/raft/",
            "org/apache/kafka/controller/",
            "org/apache/kafka/storage/",
            "org/apache/kafka/common/test/", // Kafka's test-common
            "org/apache/flink/runtime/minicluster/", // Flink itself is the cluster's
            "org/apache/flink/streaming/api/environment/",
            "org/junit/");

    private static List<String> entries;
    private static Manifest manifest;

    @BeforeAll
    static void readJar() throws IOException {
        try (JarFile jar = new JarFile(Path.of(System.getProperty("job.jar")).toFile())) {
            entries = jar.stream().map(ZipEntry::getName).toList();
            manifest = jar.getManifest();
        }
    }

    @Test
    void holdsNoClassThatOnlyRunsOutsideTheCluster() {
        for (String prefix : FORBIDDEN) {
            List<String> found = entries.stream().filter(e -> e.startsWith(prefix) && e.endsWith(".class")).toList();
            assertTrue(found.isEmpty(), prefix + " classes in the job jar: " + found.stream().limit(5).toList());
        }
    }

    @Test
    void holdsTheJobItsConnectorsAndTheModelRuntime() {
        for (String needed : List.of("org/sentimentstream/job/FlinkJobMain.class",
                "org/sentimentstream/job/kafka/KafkaSentimentJob.class", "org/sentimentstream/model/SentimentModel.class",
                "org/sentimentstream/schemas/Review.class", "org/apache/flink/connector/kafka/sink/KafkaSink.class",
                "org/apache/kafka/clients/producer/KafkaProducer.class", "ai/djl/tensorflow/engine/TfEngine.class")) {
            assertTrue(entries.contains(needed), needed + " missing from the job jar");
        }
        assertEquals(FlinkJobMain.class.getName(), manifest.getMainAttributes().getValue("Main-Class"));
    }
}
