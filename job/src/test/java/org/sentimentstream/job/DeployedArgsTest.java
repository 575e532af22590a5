package org.sentimentstream.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The arguments the deployments give the job jar's main are flags it reads, with the values they mean. */
class DeployedArgsTest {
    private static final Path ROOT = Path.of("..");

    @Test
    void theFlinkDeploymentsArgsParse() throws Exception {
        JsonNode deployment = new ObjectMapper(new YAMLFactory())
                .readTree(ROOT.resolve("k8s/base/flink/flinkdeployment.yaml").toFile());
        assertEquals(FlinkJobMain.class.getName(), deployment.at("/spec/job/entryClass").asText());
        List<String> args = new ArrayList<>();
        deployment.at("/spec/job/args").forEach(arg -> args.add(arg.asText()));

        JobConfig config = JobOptions.parse(args.toArray(String[]::new)).build();

        assertEquals("sentiment-kafka-kafka-bootstrap:9093", config.bootstrapServers());
        assertEquals(Path.of("/etc/kafka-client/client.properties"), config.kafkaProperties());
        assertEquals(Path.of("/models/MODEL_VERSION"), config.modelDir());
        assertEquals(Duration.ofSeconds(10), config.checkpointInterval());
    }
}
