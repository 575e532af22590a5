package org.sentimentstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentimentstream.job.kafka.ModelCommands;
import org.sentimentstream.job.testutils.TestModel;
import org.sentimentstream.local.EmbeddedKafkaBroker;
import org.sentimentstream.model.ModelFiles;
import org.sentimentstream.model.ModelMetadata;
import org.sentimentstream.schemas.ModelCommand;
import org.sentimentstream.schemas.ModelRole;
import org.sentimentstream.trainer.imdb.ImdbDataset;
import org.sentimentstream.trainer.testutils.RealImdb;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * {@code ./sentiment models} against an in-process broker with two real models: publish, promote, retire and list
 * write and read exactly the commands the job follows; a mistake is one line and exit 1.
 */
class ModelsCommandITCase {
    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker kafka;
    private static Path champion;
    private static Path challenger;

    @BeforeAll
    static void start() {
        ImdbDataset imdb = RealImdb.dataset();
        champion = TestModel.directory(imdb);
        challenger = TestModel.challenger(imdb);
        kafka = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
        kafka.createTopics(1, List.of("models"));
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static CliRun models(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "models";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--bootstrap-servers";
        all[args.length + 2] = kafka.bootstrapServers();
        return CliRun.of(all);
    }

    @Test
    void publishPromoteRetireAndListIssueTheCommandsTheJobFollows() throws Exception {
        String v1 = ModelMetadata.read(champion).modelVersion();
        String v2 = ModelMetadata.read(challenger).modelVersion();
        CliRun published = models("publish", "--model-dir", challenger.toString(), "--role", "challenger");
        assertEquals(0, published.exitCode(), published.err());
        assertEquals(v2 + " challenger (" + challenger.toAbsolutePath() + ") issued at offset 0 of models\n",
                published.out());
        assertEquals(0, models("promote", v2).exitCode());
        assertEquals(0, models("publish", "--model-dir", champion.toString()).exitCode());
        assertEquals(0, models("retire", v1).exitCode());

        List<ModelCommand> issued = new ModelCommands(kafka.bootstrapServers(), new Properties(), "models")
                .readAll(Duration.ofSeconds(10)).stream().map(ModelCommands.Issued::command).toList();
        assertEquals(List.of(v2 + " CHALLENGER", v2 + " CHAMPION", v1 + " CHALLENGER", v1 + " RETIRED"),
                issued.stream().map(c -> c.getModelVersion() + " " + c.getRole()).toList());
        assertEquals(ModelFiles.sha256(challenger), issued.get(1).getSha256());
        assertEquals(challenger.toAbsolutePath().toString(), issued.get(1).getUri());
        assertEquals(ModelRole.RETIRED, issued.get(3).getRole());
        assertEquals(champion.toAbsolutePath().toString(), issued.get(3).getUri());

        CliRun list = models("list");
        assertEquals(0, list.exitCode(), list.err());
        List<String> lines = list.out().lines().toList();
        assertEquals(6, lines.size(), list.out());
        assertEquals("champion:   " + v2 + " (" + challenger.toAbsolutePath() + ")", lines.get(4));
        assertEquals("challenger: none", lines.get(5));
    }

    @Test
    void aVersionNeverPublishedOrABadRoleIsOneLine() {
        CliRun unknown = models("promote", "0000000000000000");
        assertEquals(1, unknown.exitCode());
        assertEquals("error: model 0000000000000000 was never published on models: publish it first "
                + "(./sentiment models publish --model-dir DIR --role challenger)\n", unknown.err());
        CliRun role = models("publish", "--model-dir", champion.toString(), "--role", "boss");
        assertEquals(1, role.exitCode());
        assertEquals("error: --role must be challenger or champion, not boss\n", role.err());
        CliRun missing = models("publish", "--model-dir", dir.resolve("absent").toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().startsWith("error: model directory not found"), missing.err());
        assertEquals(1, missing.err().lines().count(), missing.err());
    }
}
