package org.sentimentstream.cli.bench;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.sentimentstream.cli.SentimentCli;
import org.sentimentstream.cli.DefaultModel;
import org.sentimentstream.cli.ImdbDataOption;
import org.sentimentstream.cli.WorkDir;
import org.sentimentstream.model.ModelMetadata;
import org.sentimentstream.trainer.Hyperparameters;
import org.sentimentstream.trainer.imdb.ImdbDataset;
import org.sentimentstream.trainer.imdb.ImdbReview;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code ./sentiment bench}: every figure of the performance table in one run, on this machine, side by side: the
 * trainer (which also produces the model the rest serves), the model alone per batch size, the pipeline against
 * its passthrough limit, and latency at 25/50/80% of the pipeline's measured maximum. Each figure is the median of
 * several repetitions after a warm-up.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measure the trainer, the model per batch size, the pipeline against its passthrough limit "
                + "and latency at fixed rates; print a table, write markdown and JSON.")
public final class BenchCommand implements Callable<Integer> {
    /** For --verbose: each failure's WARN line then carries its stack trace. */
    @ParentCommand
    SentimentCli cli;

    /** The parts of the bench, in the order they run. */
    public enum Section { TRAINER, MODEL, PIPELINE, LATENCY, LIFECYCLE }

    static final List<Integer> BATCH_SIZES = List.of(1, 8, 32, 128, 512);
    /** The batch size at which the preprocessing share is measured. */
    static final int SHARE_BATCH_SIZE = 128;
    static final List<Double> LATENCY_SHARES = List.of(0.25, 0.50, 0.80);
    static final List<DeliveryGuarantee> LATENCY_GUARANTEES = List.of(DeliveryGuarantee.AT_LEAST_ONCE,
            DeliveryGuarantee.EXACTLY_ONCE);
    /** Points run a second time with another load generator: at-least-once at 50% with the replay's own LZ4. */
    static final List<LatencyRuns.Point> LATENCY_COMPARISONS = List.of(
            new LatencyRuns.Point(DeliveryGuarantee.AT_LEAST_ONCE, 0.50, "lz4"));

    @Spec
    CommandSpec spec;

    @Mixin
    ImdbDataOption data;

    @Option(names = "--only", split = ",", paramLabel = "SECTION",
            description = "Run only these sections: trainer, model, pipeline, latency, lifecycle (default: all; "
                    + "lifecycle only with --challenger).")
    Set<Section> only;

    @Option(names = "--model-dir", paramLabel = "DIR", description = "Model to measure. Default: the one the "
            + "trainer section trains into out/bench/model, or without that section the demo's cached model.")
    Path modelDir;

    @Option(names = "--baseline-model", paramLabel = "DIR", description = "Another model to measure side by side "
            + "in the model section, e.g. the previous version (default: none).")
    Path baselineModel;

    @Option(names = "--challenger", paramLabel = "DIR", description = "A second model for the lifecycle section: "
            + "throughput with it in shadow, the output gap around a promotion, memory with two models.")
    Path challengerDir;

    @Option(names = "--reviews", defaultValue = "5000",
            description = "IMDB test reviews per model measurement (default: ${DEFAULT-VALUE}).")
    int reviews;

    @Option(names = "--repetitions", defaultValue = "5",
            description = "Repetitions of each model measurement; the median is reported (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--pipeline-repetitions", defaultValue = "3",
            description = "Repetitions of each pipeline throughput run (default: ${DEFAULT-VALUE}).")
    int pipelineRepetitions;

    @Option(names = "--pipeline-warm-up", defaultValue = "90", paramLabel = "SECONDS",
            description = "Throughput runs of the full job and the passthrough in turn, not counted, for at least "
                    + "this long before the pipeline or latency section measures (default: ${DEFAULT-VALUE}).")
    int pipelineWarmUpSeconds;

    @Option(names = "--latency-seconds", defaultValue = "20",
            description = "Length of each latency run at a fixed rate (default: ${DEFAULT-VALUE}).")
    int latencySeconds;

    @Option(names = "--latency-repetitions", defaultValue = "3",
            description = "Repetitions of each latency run, after one uncounted repetition of every run as a warm-up; "
                    + "the median is reported (default: ${DEFAULT-VALUE}).")
    int latencyRepetitions;

    @Option(names = "--parallelism", defaultValue = "2",
            description = "Job parallelism, one slot per core (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--markdown", paramLabel = "FILE", defaultValue = "out/bench.md",
            description = "Where to write the tables as markdown (default: ${DEFAULT-VALUE}).")
    Path markdown;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write every figure as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        Set<Section> sections = only == null || only.isEmpty() ? EnumSet.allOf(Section.class) : EnumSet.copyOf(only);
        ImdbDataset imdb = data.read();
        BenchReport report = new BenchReport();
        report.text("# sentiment-stream bench");
        report.text(Machine.describe());
        report.text("Command: `" + command() + "`");

        Path model = modelDir;
        if (sections.contains(Section.TRAINER)) {
            Path trained = Path.of("out", "bench", "model");
            trainer(report, imdb, trained);
            model = model != null ? model : trained;
        }
        model = DefaultModel.resolve(model, imdb);
        ModelMetadata metadata = ModelMetadata.read(model);
        report.put("model_version", metadata.modelVersion());
        report.put("test_accuracy", metadata.testAccuracy());
        if (sections.contains(Section.MODEL)) {
            model(report, model, metadata, imdb.test());
        }
        if (sections.contains(Section.PIPELINE) || sections.contains(Section.LATENCY)) {
            Path work = Files.createTempDirectory("sentiment-bench");
            List<ImdbReview> everything = new ArrayList<>(imdb.test());
            everything.addAll(imdb.train());
            try (PipelineBench pipeline = new PipelineBench(work, model, parallelism, everything, cli.verbose())) {
                double max = sections.contains(Section.PIPELINE) ? pipeline(report, pipeline)
                        : maximum(report, pipeline);
                if (sections.contains(Section.LATENCY)) {
                    latency(report, pipeline, max);
                }
            } finally {
                WorkDir.delete(work);
            }
        }
        if (sections.contains(Section.LIFECYCLE) && (challengerDir != null || only != null)) {
            if (challengerDir == null) {
                throw new IllegalArgumentException("the lifecycle section needs --challenger DIR");
            }
            progress("lifecycle: throughput with and without a challenger, a promotion's gap, memory");
            Path work = Files.createTempDirectory("sentiment-bench-lifecycle");
            try (LifecycleBench lifecycle = new LifecycleBench(work, model, challengerDir, parallelism,
                    PipelineBench.passes(imdb.test(), 4))) {
                LifecycleBench.report(report, lifecycle.run(), metadata.modelVersion(),
                        ModelMetadata.read(challengerDir).modelVersion());
            } finally {
                WorkDir.delete(work);
            }
        }
        System.out.println();
        System.out.println(report.markdown());
        report.writeMarkdown(markdown);
        System.out.println("markdown: " + markdown);
        if (json != null) {
            report.writeJson(json);
            System.out.println("json: " + json);
        }
        return 0;
    }

    private void trainer(BenchReport report, ImdbDataset imdb, Path dir) throws IOException {
        progress("trainer: training the default model into " + dir);
        TrainerBench.Figures t = TrainerBench.run(imdb, dir, System.err);
        report.put("trainer_reviews_per_s", round(t.reviewsPerS()));
        report.put("trainer_seconds_to_val_accuracy_0_90", round(t.secondsToTarget()));
        report.put("trainer_seconds", round(t.trainSeconds()));
        report.text("## Trainer");
        report.table(List.of("training reviews/s", "time to 0.90 validation accuracy", "epochs run",
                "training time", "test accuracy"), List.of(List.of(fmt(t.reviewsPerS()),
                        t.epochToTarget() < 0 ? "not reached"
                                : String.format(Locale.ROOT, "%.1f s (epoch %d)", t.secondsToTarget(),
                                        t.epochToTarget()),
                        String.valueOf(t.epochsRun()), String.format(Locale.ROOT, "%.1f s", t.trainSeconds()),
                        String.format(Locale.ROOT, "%.4f", t.testAccuracy()))));
    }

    private void model(BenchReport report, Path model, ModelMetadata metadata, List<ImdbReview> test) {
        List<ImdbReview> shuffled = new ArrayList<>(test);
        Collections.shuffle(shuffled, new Random(1));
        List<String> texts = shuffled.subList(0, Math.min(reviews, shuffled.size())).stream()
                .map(ImdbReview::text).toList();
        progress("model: " + texts.size() + " reviews per pass, batch sizes " + BATCH_SIZES + ", "
                + repetitions + " repetitions");
        List<Path> models = baselineModel == null ? List.of(model) : List.of(model, baselineModel);
        ModelBench bench = new ModelBench(texts, repetitions);
        List<List<ModelBench.BatchFigures>> figures = bench.run(models, BATCH_SIZES);
        double preprocessingShare = bench.preprocessingShare(model,
                Hyperparameters.featureSpec(metadata.hyperparameters()), SHARE_BATCH_SIZE);
        ModelMetadata baselineMetadata = baselineModel == null ? null : ModelMetadata.read(baselineModel);
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < BATCH_SIZES.size(); i++) {
            ModelBench.BatchFigures b = figures.get(0).get(i);
            report.put("model_reviews_per_s_batch" + b.batchSize(), round(b.reviewsPerS()));
            report.put("model_us_per_review_batch" + b.batchSize(), round(b.cpuUsPerReview()));
            List<String> row = new ArrayList<>(List.of(String.valueOf(b.batchSize()), fmt(b.reviewsPerS()),
                    String.format(Locale.ROOT, "%.1f", b.cpuUsPerReview())));
            if (baselineModel != null) {
                ModelBench.BatchFigures old = figures.get(1).get(i);
                report.put("baseline_model_us_per_review_batch" + b.batchSize(), round(old.cpuUsPerReview()));
                row.add(String.format(Locale.ROOT, "%.1f", old.cpuUsPerReview()));
                row.add(String.format(Locale.ROOT, "%.2fx", old.cpuUsPerReview() / b.cpuUsPerReview()));
            }
            rows.add(row);
        }
        report.put("model_preprocessing_share_batch" + SHARE_BATCH_SIZE, round(preprocessingShare));
        double chars = texts.stream().mapToInt(String::length).average().orElse(0);
        report.text("## Model (DJL, one TensorFlow thread, " + texts.size() + " IMDB test reviews of "
                + Math.round(chars) + " characters on average; CPU is the whole process's)");
        List<String> header = new ArrayList<>(List.of("batch size", "reviews/s", "CPU µs per review"));
        if (baselineModel != null) {
            report.put("baseline_model_version", baselineMetadata.modelVersion());
            header.addAll(List.of("baseline CPU µs per review", "baseline / this"));
        }
        report.table(header, rows);
        report.text(String.format(Locale.ROOT, "At batch %d, the in-graph preprocessing alone (tokenizing, "
                + "hashing, n-grams, distinct) costs %.0f%% of the model's CPU, and the rest (embedding sums, dense "
                + "layers) %.0f%%.", SHARE_BATCH_SIZE, 100 * preprocessingShare,
                100 * (1 - preprocessingShare)));
        if (baselineModel != null) {
            report.text("Baseline: " + baselineModel + " (model " + baselineMetadata.modelVersion()
                    + ", test accuracy " + baselineMetadata.testAccuracy() + "), measured in turn "
                    + "with this model in every repetition.");
        }
    }

    /**
     * The full job's rate as the pipeline section measures it, for latency runs without that section: after the
     * same warm-up, the median of the repetitions, so that no single cold run sets the latency runs' rates.
     */
    private double maximum(BenchReport report, PipelineBench pipeline) throws Exception {
        progress("latency: the full job's maximum first, the median of " + pipelineRepetitions
                + " runs after a warm-up");
        warmUp(report, pipeline);
        double[] runs = new double[pipelineRepetitions];
        for (int r = 0; r < pipelineRepetitions; r++) {
            runs[r] = pipeline.throughput(PipelineBench.Scoring.MODEL, 0);
        }
        return Median.of(runs);
    }

    private void warmUp(BenchReport report, PipelineBench pipeline) throws Exception {
        progress("  warm-up, not counted: the full job and the passthrough in turn for at least "
                + pipelineWarmUpSeconds + " s");
        PipelineBench.WarmUp w = pipeline.warmUp(Duration.ofSeconds(pipelineWarmUpSeconds));
        progress(String.format(Locale.ROOT, "  warm-up: %d runs in %.0f s; JIT compilation during the last two: "
                + "%,d ms", w.runs(), w.seconds(), w.lastTwoCompileMillis()));
        report.put("pipeline_warm_up_runs", w.runs());
        report.put("pipeline_warm_up_s", round(w.seconds()));
        report.put("pipeline_warm_up_last_two_compile_ms", w.lastTwoCompileMillis());
    }

    private double pipeline(BenchReport report, PipelineBench pipeline) throws Exception {
        progress("pipeline: passthrough, full job, full job at batch size 1; " + pipelineRepetitions
                + " runs each, interleaved");
        double[][] runs = new double[3][pipelineRepetitions];
        warmUp(report, pipeline);
        for (int r = 0; r < pipelineRepetitions; r++) {
            runs[0][r] = pipeline.throughput(PipelineBench.Scoring.PASSTHROUGH, 0);
            runs[1][r] = pipeline.throughput(PipelineBench.Scoring.MODEL, 0);
            runs[2][r] = pipeline.throughput(PipelineBench.Scoring.MODEL, 1);
            progress(String.format(Locale.ROOT, "  run %d: passthrough %,.0f/s, job %,.0f/s, job batch 1 %,.0f/s",
                    r + 1, runs[0][r], runs[1][r], runs[2][r]));
        }
        double passthrough = Median.of(runs[0]);
        double full = Median.of(runs[1]);
        double batch1 = Median.of(runs[2]);
        // each job run comes seconds after its repetition's passthrough run: less exposed to the host's drift
        double[] pairs = Median.ratios(runs[1], runs[0]);
        report.put("passthrough_per_s", round(passthrough));
        report.put("pipeline_per_s", round(full));
        report.put("pipeline_batch1_per_s", round(batch1));
        report.put("pipeline_over_passthrough", round(full / passthrough));
        report.put("pipeline_over_passthrough_runs", Arrays.stream(pairs).map(BenchCommand::round).boxed().toList());
        report.put("pipeline_over_passthrough_pair_median", round(Median.of(pairs)));
        report.put("pipeline_over_batch1", round(full / batch1));
        report.text("## Pipeline (Kafka → Flink → Kafka, in-process broker, local Flink, parallelism "
                + parallelism + ", at-least-once, checkpoints every " + PipelineBench.defaultCheckpointMillis()
                / 1000 + " s, " + pipeline.backlogSize() + " reviews read from a backlog (the "
                + pipeline.backlogSize() / PipelineBench.BACKLOG_PASSES + " IMDB reviews of both splits, "
                + PipelineBench.BACKLOG_PASSES + " times under distinct ids); "
                + "steady output rate between the 10th and 90th percentile event; each figure the median of "
                + pipelineRepetitions + " runs, interleaved, after " + pipelineWarmUpSeconds + " s or more of "
                + "warm-up runs)");
        report.table(List.of("run", "reviews/s", "vs passthrough"), List.of(
                List.of("(a) passthrough: same sources, serdes, join, windows and sinks, no model", fmt(passthrough),
                        "1.00"),
                List.of("(b) full job, batch size " + PipelineBench.defaultBatchSize(), fmt(full),
                        String.format(Locale.ROOT, "%.2f", full / passthrough)),
                List.of("(c) full job, batch size 1", fmt(batch1),
                        String.format(Locale.ROOT, "%.2f", batch1 / passthrough))));
        report.text(String.format(Locale.ROOT, "Headline: the full job runs at %.0f%% of the passthrough limit; "
                + "micro-batching is %.1fx batch size 1 end to end.", 100 * full / passthrough, full / batch1));
        report.text("Run by run, in the order they ran: passthrough " + rates(runs[0]) + "; full job "
                + rates(runs[1]) + "; batch size 1 " + rates(runs[2]) + ". The full job over the passthrough run just "
                + "before it: " + Arrays.stream(pairs).mapToObj(r -> String.format(Locale.ROOT, "%.2f", r))
                        .collect(Collectors.joining(", "))
                + String.format(Locale.ROOT, " (median %.2f).", Median.of(pairs)));
        return full;
    }

    private void latency(BenchReport report, PipelineBench pipeline, double max) throws Exception {
        // the latency runs take paths the throughput runs do not (a paced generator, live fetches, transactions,
        // the output clock's decoding), so a whole repetition over every point warms up the JIT and is not counted
        LatencyRuns runs = new LatencyRuns(LATENCY_GUARANTEES, LATENCY_SHARES, LATENCY_COMPARISONS);
        List<Long> warmUpCompileMs = new ArrayList<>();
        List<Long> compileMs = new ArrayList<>();
        for (int r = 0; r <= latencyRepetitions; r++) {
            boolean warmUp = r == 0;
            for (LatencyRuns.Point point : runs.points()) {
                double rate = Math.floor(max * point.share());
                PipelineBench.Latency l = pipeline.latency(rate, point.guarantee(), point.generatorCompression(),
                        Duration.ofSeconds(latencySeconds));
                progress(String.format(Locale.ROOT, "  %s: %s at %,.0f reviews/s (%.0f%% of %,.0f): p50 %d, "
                        + "p99 %d, p99.9 %d ms; JIT compiled for %,d ms", warmUp ? "warm-up, not counted" : "run " + r,
                        point.name(), rate, 100 * point.share(), max, l.p50(), l.p99(), l.p999(), l.compileMillis()));
                if (warmUp) {
                    warmUpCompileMs.add(l.compileMillis());
                } else {
                    runs.add(point, l);
                    compileMs.add(l.compileMillis());
                }
            }
        }
        report.put("latency_warm_up_compile_ms", warmUpCompileMs);
        report.put("latency_compile_ms_runs", compileMs);
        List<List<String>> rows = runs.report(report);
        report.put("latency_max_rate_per_s", round(max));
        report.text(String.format(Locale.ROOT, "## Latency (review event time to the sentiment event being readable "
                + "by a read_committed consumer; HdrHistogram; runs of %d s at a fixed rate, labels following each "
                + "review by 1 s; first %d s of each run skipped; each figure the median of %d runs, interleaved, "
                + "after a warm-up repetition of every run; at-least-once with the job's default %d s checkpoints; "
                + "exactly-once with checkpoints every %d ms: its output is readable only after the checkpoint that commits it, so its "
                + "latency includes up to one interval; the load generator's producer compresses nothing, except in "
                + "the row that names its LZ4)", latencySeconds, PipelineBench.warmUpSeconds(),
                latencyRepetitions, PipelineBench.defaultCheckpointMillis() / 1000,
                PipelineBench.latencyCheckpointMillis()));
        report.table(List.of("guarantee", "rate (share of max)", "p50 ms", "p99 ms", "p99.9 ms", "p99 ms run by run",
                "of which until scored, p50 / p99 ms", "reviews measured per run"), rows);
    }

    /** This run's command line, to reproduce it. */
    private String command() {
        return String.join(" ", spec.commandLine().getParseResult().originalArgs().stream()
                .map(arg -> arg.contains(" ") ? "'" + arg + "'" : arg)
                .collect(Collectors.toCollection(() -> new ArrayList<>(List.of("./sentiment")))));
    }

    private static void progress(String line) {
        System.err.println(line);
    }

    private static String rates(double[] perS) {
        return Arrays.stream(perS).mapToObj(BenchCommand::fmt).collect(Collectors.joining(", ")) + "/s";
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }
}
