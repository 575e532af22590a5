package org.sentimentstream.bench;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.sentimentstream.local.WorkDir;
import org.sentimentstream.model.ModelMetadata;
import org.sentimentstream.trainer.Hyperparameters;
import org.sentimentstream.trainer.imdb.ImdbDataset;
import org.sentimentstream.trainer.imdb.ImdbReview;

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
import java.util.stream.Collectors;

/**
 * Every figure of the performance table in one run, on this machine, side by side ({@code ./sentiment bench}): the
 * trainer (which also produces the model the rest serves), the model alone per batch size, the pipeline against
 * its passthrough limit, latency at 25/50/80% of the pipeline's measured maximum, and ML_PREDICT in Flink SQL
 * against the DataStream scorer. Each figure is the median of several repetitions after a warm-up.
 */
public final class Bench {
    /** The parts of the bench, in the order they run. */
    public enum Section { TRAINER, MODEL, PIPELINE, LATENCY, SQL, LIFECYCLE }

    /** Where the model comes from when none is named: the caller's default, trained first if need be. */
    @FunctionalInterface
    public interface ModelSource {
        Path resolve(Path dirOrNull) throws IOException;
    }

    /**
     * What to run and how often.
     *
     * @param sections the sections to run, all when empty
     * @param modelDir model to measure, or null for the trainer section's or else the {@link ModelSource}'s
     * @param baselineModel another model measured side by side in the model section, or null
     * @param challengerDir the second model of the lifecycle section, which runs only with one, or null
     * @param reviews IMDB test reviews per model measurement
     * @param repetitions repetitions of each model measurement
     * @param pipelineRepetitions repetitions of each pipeline throughput run
     * @param pipelineWarmUpSeconds uncounted throughput runs for at least this long before measuring the pipeline
     * @param latencySeconds length of each latency run
     * @param latencyRepetitions repetitions of each latency run, after an uncounted one
     * @param parallelism job parallelism
     * @param markdown where the tables go
     * @param json where every figure goes as JSON, or null
     * @param restartStackTraces whether job failures are logged with their stack traces
     * @param commandLine the command line of this run, printed to reproduce it
     */
    public record Settings(Set<Section> sections, Path modelDir, Path baselineModel, Path challengerDir,
            int reviews, int repetitions, int pipelineRepetitions, int pipelineWarmUpSeconds, int latencySeconds,
            int latencyRepetitions, int parallelism, Path markdown, Path json, boolean restartStackTraces,
            String commandLine) {}

    static final List<Integer> BATCH_SIZES = List.of(1, 8, 32, 128, 512);
    /** The batch size at which the preprocessing share is measured. */
    static final int SHARE_BATCH_SIZE = 128;
    static final List<Double> LATENCY_SHARES = List.of(0.25, 0.50, 0.80);
    static final List<DeliveryGuarantee> LATENCY_GUARANTEES = List.of(DeliveryGuarantee.AT_LEAST_ONCE,
            DeliveryGuarantee.EXACTLY_ONCE);
    /** Points run a second time with another load generator: at-least-once at 50% with the replay's own LZ4. */
    static final List<LatencyRuns.Point> LATENCY_COMPARISONS = List.of(
            new LatencyRuns.Point(DeliveryGuarantee.AT_LEAST_ONCE, 0.50, "lz4"));

    private final Settings settings;

    public Bench(Settings settings) {
        this.settings = settings;
    }

    /** Runs the sections on {@code imdb}, prints the tables and writes them where the settings say. */
    public void run(ImdbDataset imdb, ModelSource models) throws Exception {
        Set<Section> sections = settings.sections().isEmpty() ? EnumSet.allOf(Section.class)
                : EnumSet.copyOf(settings.sections());
        BenchReport report = new BenchReport();
        report.text("# sentiment-stream bench");
        report.text(Machine.describe());
        report.text("Command: `" + settings.commandLine() + "`");

        Path model = settings.modelDir();
        if (sections.contains(Section.TRAINER)) {
            Path trained = Path.of("out", "bench", "model");
            trainer(report, imdb, trained);
            model = model != null ? model : trained;
        }
        model = models.resolve(model);
        ModelMetadata metadata = ModelMetadata.read(model);
        report.put("model_version", metadata.modelVersion());
        report.put("test_accuracy", metadata.testAccuracy());
        if (sections.contains(Section.MODEL)) {
            model(report, model, metadata, imdb.test());
        }
        if (sections.contains(Section.PIPELINE) || sections.contains(Section.LATENCY)) {
            Path work = Files.createTempDirectory("sentiment-bench");
            try (PipelineBench pipeline = new PipelineBench(work, model, settings.parallelism(), bothSplits(imdb),
                    settings.restartStackTraces())) {
                double max = sections.contains(Section.PIPELINE) ? pipeline(report, pipeline)
                        : maximum(report, pipeline);
                if (sections.contains(Section.LATENCY)) {
                    latency(report, pipeline, max);
                }
            } finally {
                WorkDir.delete(work);
            }
        }
        if (sections.contains(Section.SQL)) {
            Path work = Files.createTempDirectory("sentiment-sql-bench");
            progress("sql: ML_PREDICT sync, async and the DataStream scorer, " + settings.pipelineRepetitions()
                    + " rounds");
            try (SqlBench sql = new SqlBench(work, model, settings.parallelism(), bothSplits(imdb))) {
                sql.measure(report, settings.pipelineRepetitions());
            } finally {
                WorkDir.delete(work);
            }
        }
        boolean lifecycleAsked = !settings.sections().isEmpty() && sections.contains(Section.LIFECYCLE);
        if (lifecycleAsked || sections.contains(Section.LIFECYCLE) && settings.challengerDir() != null) {
            Path challengerDir = settings.challengerDir();
            if (challengerDir == null) {
                throw new IllegalArgumentException("the lifecycle section needs --challenger DIR");
            }
            progress("lifecycle: throughput with and without a challenger, a promotion's gap, memory");
            Path work = Files.createTempDirectory("sentiment-bench-lifecycle");
            try (LifecycleBench lifecycle = new LifecycleBench(work, model, challengerDir, settings.parallelism(),
                    PipelineBench.passes(imdb.test(), 4))) {
                LifecycleBench.report(report, lifecycle.run(), metadata.modelVersion(),
                        ModelMetadata.read(challengerDir).modelVersion());
            } finally {
                WorkDir.delete(work);
            }
        }
        System.out.println();
        System.out.println(report.markdown());
        report.writeMarkdown(settings.markdown());
        System.out.println("markdown: " + settings.markdown());
        if (settings.json() != null) {
            report.writeJson(settings.json());
            System.out.println("json: " + settings.json());
        }
    }

    private static List<ImdbReview> bothSplits(ImdbDataset imdb) {
        List<ImdbReview> everything = new ArrayList<>(imdb.test());
        everything.addAll(imdb.train());
        return everything;
    }

    private void trainer(BenchReport report, ImdbDataset imdb, Path dir) throws IOException {
        progress("trainer: training the default model into " + dir);
        TrainerBench.Figures t = TrainerBench.run(imdb, dir, System.err);
        report.put("trainer_reviews_per_s", round(t.reviewsPerS()));
        report.put("trainer_seconds_to_val_accuracy_0_90", round(t.secondsToTarget()));
        report.put("trainer_seconds", round(t.trainSeconds()));
        report.text("## Trainer");
        report.table(List.of("training reviews/s", "time to 0.90 validation accuracy", "epochs run",
                "training time", "test accuracy"), List.of(List.of(BenchReport.whole(t.reviewsPerS()),
                        t.epochToTarget() < 0 ? "not reached"
                                : String.format(Locale.ROOT, "%.1f s (epoch %d)", t.secondsToTarget(),
                                        t.epochToTarget()),
                        String.valueOf(t.epochsRun()), String.format(Locale.ROOT, "%.1f s", t.trainSeconds()),
                        String.format(Locale.ROOT, "%.4f", t.testAccuracy()))));
    }

    private void model(BenchReport report, Path model, ModelMetadata metadata, List<ImdbReview> test) {
        List<ImdbReview> shuffled = new ArrayList<>(test);
        Collections.shuffle(shuffled, new Random(1));
        List<String> texts = shuffled.subList(0, Math.min(settings.reviews(), shuffled.size())).stream()
                .map(ImdbReview::text).toList();
        progress("model: " + texts.size() + " reviews per pass, batch sizes " + BATCH_SIZES + ", "
                + settings.repetitions() + " repetitions");
        Path baselineModel = settings.baselineModel();
        List<Path> models = baselineModel == null ? List.of(model) : List.of(model, baselineModel);
        ModelBench bench = new ModelBench(texts, settings.repetitions());
        List<List<ModelBench.BatchFigures>> figures = bench.run(models, BATCH_SIZES);
        double preprocessingShare = bench.preprocessingShare(model,
                Hyperparameters.featureSpec(metadata.hyperparameters()), SHARE_BATCH_SIZE);
        ModelMetadata baselineMetadata = baselineModel == null ? null : ModelMetadata.read(baselineModel);
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < BATCH_SIZES.size(); i++) {
            ModelBench.BatchFigures b = figures.get(0).get(i);
            report.put("model_reviews_per_s_batch" + b.batchSize(), round(b.reviewsPerS()));
            report.put("model_us_per_review_batch" + b.batchSize(), round(b.cpuUsPerReview()));
            List<String> row = new ArrayList<>(List.of(String.valueOf(b.batchSize()),
                    BenchReport.whole(b.reviewsPerS()),
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
        progress("latency: the full job's maximum first, the median of " + settings.pipelineRepetitions()
                + " runs after a warm-up");
        warmUp(report, pipeline);
        double[] runs = new double[settings.pipelineRepetitions()];
        for (int r = 0; r < settings.pipelineRepetitions(); r++) {
            runs[r] = pipeline.throughput(PipelineBench.Scoring.MODEL, 0);
        }
        return Median.of(runs);
    }

    private void warmUp(BenchReport report, PipelineBench pipeline) throws Exception {
        progress("  warm-up, not counted: the full job and the passthrough in turn for at least "
                + settings.pipelineWarmUpSeconds() + " s");
        PipelineBench.WarmUp w = pipeline.warmUp(Duration.ofSeconds(settings.pipelineWarmUpSeconds()));
        progress(String.format(Locale.ROOT, "  warm-up: %d runs in %.0f s; JIT compilation during the last two: "
                + "%,d ms", w.runs(), w.seconds(), w.lastTwoCompileMillis()));
        report.put("pipeline_warm_up_runs", w.runs());
        report.put("pipeline_warm_up_s", round(w.seconds()));
        report.put("pipeline_warm_up_last_two_compile_ms", w.lastTwoCompileMillis());
    }

    private double pipeline(BenchReport report, PipelineBench pipeline) throws Exception {
        progress("pipeline: passthrough, full job, full job at batch size 1; " + settings.pipelineRepetitions()
                + " runs each, interleaved");
        double[][] runs = new double[3][settings.pipelineRepetitions()];
        warmUp(report, pipeline);
        for (int r = 0; r < settings.pipelineRepetitions(); r++) {
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
        report.put("pipeline_over_passthrough_runs", Arrays.stream(pairs).map(Bench::round).boxed().toList());
        report.put("pipeline_over_passthrough_pair_median", round(Median.of(pairs)));
        report.put("pipeline_over_batch1", round(full / batch1));
        report.text("## Pipeline (Kafka → Flink → Kafka, in-process broker, local Flink, parallelism "
                + settings.parallelism() + ", at-least-once, checkpoints every "
                + PipelineBench.defaultCheckpointMillis() / 1000 + " s, " + pipeline.backlogSize()
                + " reviews read from a backlog (the "
                + pipeline.backlogSize() / PipelineBench.BACKLOG_PASSES + " IMDB reviews of both splits, "
                + PipelineBench.BACKLOG_PASSES + " times under distinct ids); "
                + "steady output rate between the 10th and 90th percentile event; each figure the median of "
                + settings.pipelineRepetitions() + " runs, interleaved, after " + settings.pipelineWarmUpSeconds()
                + " s or more of warm-up runs)");
        report.table(List.of("run", "reviews/s", "vs passthrough"), List.of(
                List.of("(a) passthrough: same sources, serdes, join, windows and sinks, no model",
                        BenchReport.whole(passthrough),
                        "1.00"),
                List.of("(b) full job, batch size " + PipelineBench.defaultBatchSize(), BenchReport.whole(full),
                        String.format(Locale.ROOT, "%.2f", full / passthrough)),
                List.of("(c) full job, batch size 1", BenchReport.whole(batch1),
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
        for (int r = 0; r <= settings.latencyRepetitions(); r++) {
            boolean warmUp = r == 0;
            for (LatencyRuns.Point point : runs.points()) {
                double rate = Math.floor(max * point.share());
                PipelineBench.Latency l = pipeline.latency(rate, point.guarantee(), point.generatorCompression(),
                        Duration.ofSeconds(settings.latencySeconds()));
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
                + "exactly-once with checkpoints every %d ms: its output is readable only after the checkpoint that "
                + "commits it, so its latency includes up to one interval; the load generator's producer compresses "
                + "nothing, except in the row that names its LZ4)", settings.latencySeconds(),
                PipelineBench.warmUpSeconds(),
                settings.latencyRepetitions(), PipelineBench.defaultCheckpointMillis() / 1000,
                PipelineBench.latencyCheckpointMillis()));
        report.table(List.of("guarantee", "rate (share of max)", "p50 ms", "p99 ms", "p99.9 ms", "p99 ms run by run",
                "of which until scored, p50 / p99 ms", "reviews measured per run"), rows);
    }

    private static void progress(String line) {
        System.err.println(line);
    }

    private static String rates(double[] perS) {
        return Arrays.stream(perS).mapToObj(BenchReport::whole).collect(Collectors.joining(", ")) + "/s";
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

}
