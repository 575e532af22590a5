package org.sentimentstream.job;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sentimentstream.job.testutils.PipelineRun;
import org.sentimentstream.job.testutils.TestModel;
import org.sentimentstream.local.EmbeddedKafkaBroker;
import org.sentimentstream.model.ModelException;
import org.sentimentstream.trainer.testutils.BrokenModels;
import org.sentimentstream.trainer.testutils.RealImdb;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A model that cannot serve fails the job at once, with its reason, instead of restarting forever (the restart
 * strategy is unlimited): the scorer raises the model's problem as a {@code SuppressRestartsException}.
 */
class ModelFailFastITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = PipelineRun.miniCluster();

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker kafka;
    private static Path good;

    @BeforeAll
    static void start() {
        good = TestModel.directory(RealImdb.dataset());
        kafka = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static void assertFailsFast(Path model, String reason) {
        JobConfig.Builder b = PipelineRun.config(kafka, model);
        b.bounded = false; // it would run forever if the model loaded
        b.groupId = "fail-fast-" + model.getFileName();
        JobConfig config = b.build();
        PipelineRun.createTopics(kafka, config);
        Exception e = assertThrows(Exception.class, () -> PipelineRun.environment(config).execute("fail-fast"));
        Optional<ModelException> cause = ExceptionUtils.findThrowable(e, ModelException.class);
        assertTrue(cause.isPresent(), ExceptionUtils.stringifyException(e));
        assertTrue(cause.get().getMessage().startsWith(reason), cause.get().getMessage());
    }

    @Test
    @Timeout(120)
    void corruptGraph() throws Exception {
        assertFailsFast(BrokenModels.corruptGraph(good, dir.resolve("corrupt")), "cannot load the SavedModel");
    }

    @Test
    @Timeout(120)
    void goldenMismatch() throws Exception {
        assertFailsFast(BrokenModels.goldenMismatch(good, dir.resolve("golden")), "golden check failed");
    }

    @Test
    @Timeout(120)
    void wrongSignature() throws Exception {
        assertFailsFast(BrokenModels.wrongSignature(good, dir.resolve("signature")),
                "model signature must map input 'text' to output 'logits'");
    }

    @Test
    void missingModelFailsWhileBuildingTheJob() {
        ModelException e = assertThrows(ModelException.class,
                () -> PipelineRun.environment(PipelineRun.config(kafka, dir.resolve("absent")).build()));
        assertTrue(e.getMessage().startsWith("model directory not found: "), e.getMessage());
    }
}
