package org.sentimentstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * k8s/components/kafka-client/client.properties holds no secret: the job's Kafka client (the same kafka-clients
 * version) reads the JAAS line from the KafkaUser's secret, mounted as files, through its directory config provider.
 * Checked here with a secret folder of made-up content in place of /etc/kafka-user.
 */
class KafkaClientPropertiesTest {
    @TempDir
    Path secret;

    @Test
    void jaasConfigIsReadFromTheMountedSecret() throws IOException {
        String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"sentiment-client\" "
                + "password=\"made-up\";";
        Files.writeString(secret.resolve("sasl.jaas.config"), jaas);
        Properties file = new Properties();
        try (Reader reader = Files.newBufferedReader(
                Tool.ROOT.resolve("k8s/components/kafka-client/client.properties"))) {
            file.load(reader);
        }
        Map<String, Object> config = new HashMap<>();
        file.forEach((key, value) -> config.put((String) key,
                ((String) value).replace("${dir:/etc/kafka-user:", "${dir:" + secret + ":")));
        config.put("bootstrap.servers", "sentiment-kafka-kafka-bootstrap:9093");
        config.put("key.serializer", ByteArraySerializer.class);
        config.put("value.serializer", ByteArraySerializer.class);
        ProducerConfig resolved = new ProducerConfig(config);
        assertEquals(jaas, resolved.getPassword("sasl.jaas.config").value());
        assertEquals("SASL_SSL", resolved.getString("security.protocol"));
        assertEquals("SCRAM-SHA-512", resolved.getString("sasl.mechanism"));
    }
}
