package org.sentimentstream.cli.demo;

import org.apache.flink.api.common.JobID;
import org.sentimentstream.job.JobConfig;
import org.sentimentstream.job.kafka.ModelCommands;
import org.sentimentstream.job.score.ModelDescriptor;
import org.sentimentstream.local.LocalFlinkCluster;
import org.sentimentstream.model.ModelFiles;
import org.sentimentstream.model.ModelMetadata;
import org.sentimentstream.model.Prediction;
import org.sentimentstream.schemas.ModelComparison;
import org.sentimentstream.schemas.ModelRole;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The demo's challenger ({@code --challenger}): issued in shadow before the first review, so both models score every
 * review, and promoted halfway through the replay, so the former champion scores in shadow from then on. Both go
 * through the models topic, as {@code ./sentiment models} would issue them.
 */
final class DemoChallenger {
    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(2);

    private final Path dir;
    private final ModelDescriptor model;
    private final ModelCommands commands;
    private volatile long promotedAtReview = -1;

    /** Paired outcomes named by the demo's starting roles: first the {@code --model-dir} model, then the challenger. */
    record Paired(long bothRight, long modelOnly, long challengerOnly, long bothWrong) {
        long total() {
            return bothRight + modelOnly + challengerOnly + bothWrong;
        }
    }

    DemoChallenger(Path dir, JobConfig config) {
        this.dir = dir.toAbsolutePath().normalize();
        this.model = new ModelDescriptor(ModelMetadata.read(this.dir).modelVersion(), this.dir.toString(),
                ModelFiles.sha256(this.dir), ModelRole.CHALLENGER);
        this.commands = new ModelCommands(config.bootstrapServers(), config.clientProperties(), config.modelsTopic());
    }

    Path dir() {
        return dir;
    }

    String version() {
        return model.version();
    }

    /** Sends the challenger and waits until every scoring subtask scores with it. */
    void enterShadow(LocalFlinkCluster flink, JobID job, int parallelism) throws Exception {
        commands.issue(model.toCommand(Instant.now()), Duration.ofSeconds(15));
        long deadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
        while (flink.metricSum(job, "model_switches").orElse(0) < parallelism) {
            if (flink.metricSum(job, "models_rejected").orElse(0) > 0) {
                throw new IllegalArgumentException("the job rejected the challenger " + dir
                        + ": see the MODEL_REJECTED dead letter");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the challenger did not load within " + LOAD_TIMEOUT);
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    /** Promotes the challenger once {@code sent} reaches half of {@code total}; only the first call that does. */
    void promoteHalfway(long sent, long total) throws Exception {
        if (promotedAtReview < 0 && sent >= total / 2) {
            promotedAtReview = sent;
            commands.issue(model.withRole(ModelRole.CHAMPION).toCommand(Instant.now()), Duration.ofSeconds(15));
        }
    }

    /** Reviews replayed when the promotion was issued, or -1 before. */
    long promotedAtReview() {
        return promotedAtReview;
    }

    /** The paired counts of the final comparison reports, whichever model was champion in each. */
    Paired streamed(List<ModelComparison> reports) {
        long bothRight = 0;
        long modelOnly = 0;
        long challengerOnly = 0;
        long bothWrong = 0;
        for (ModelComparison report : reports) {
            if (!report.getFinal$()) {
                continue;
            }
            boolean challengerLeads = report.getChampionVersion().equals(model.version());
            bothRight += report.getBothRight();
            bothWrong += report.getBothWrong();
            modelOnly += challengerLeads ? report.getChallengerOnly() : report.getChampionOnly();
            challengerOnly += challengerLeads ? report.getChampionOnly() : report.getChallengerOnly();
        }
        return new Paired(bothRight, modelOnly, challengerOnly, bothWrong);
    }

    /** The same counts computed offline from both models' logits and the labels. */
    static Paired offline(float[] modelLogits, float[] challengerLogits, int[] labels) {
        long[] counts = new long[4];
        for (int i = 0; i < labels.length; i++) {
            boolean modelRight = Prediction.of(modelLogits[i]).positive() == (labels[i] == 1);
            boolean challengerRight = Prediction.of(challengerLogits[i]).positive() == (labels[i] == 1);
            counts[(modelRight ? 0 : 2) + (challengerRight ? 0 : 1)]++;
        }
        // index: 0 both right, 1 only the model, 2 only the challenger, 3 both wrong
        return new Paired(counts[0], counts[1], counts[2], counts[3]);
    }
}
