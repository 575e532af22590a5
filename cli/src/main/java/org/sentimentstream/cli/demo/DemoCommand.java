package org.sentimentstream.cli.demo;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.sentimentstream.cli.DefaultModel;
import org.sentimentstream.cli.DurationConverter;
import org.sentimentstream.cli.ImdbDataOption;
import org.sentimentstream.cli.SentimentCli;
import org.sentimentstream.cli.dashboard.Dashboard;
import org.sentimentstream.cli.dashboard.DashboardTopics;
import org.sentimentstream.job.JobConfig;
import org.sentimentstream.job.kafka.JobTopics;
import org.sentimentstream.job.kafka.KafkaSentimentJob;
import org.sentimentstream.job.restarts.RestartLogging;
import org.sentimentstream.local.EmbeddedKafkaBroker;
import org.sentimentstream.local.KafkaProgress;
import org.sentimentstream.local.LocalFlinkCluster;
import org.sentimentstream.local.PrometheusExport;
import org.sentimentstream.local.WorkDir;
import org.sentimentstream.model.BinaryMetrics;
import org.sentimentstream.model.McNemar;
import org.sentimentstream.model.ModelMetadata;
import org.sentimentstream.model.SentimentModel;
import org.sentimentstream.replay.ImdbReplay;
import org.sentimentstream.replay.ReplaySettings;
import org.sentimentstream.schemas.AccuracyReport;
import org.sentimentstream.trainer.imdb.ImdbDataset;
import org.sentimentstream.trainer.imdb.ImdbReview;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./sentiment demo}: the whole system in one process. An in-process KRaft broker, a model (trained first if
 * none is cached), the job on a local Flink, and an IMDB replay with delayed labels; a status line every second,
 * then the job is drained (stop with savepoint, end of event time) so every window reports its final accuracy,
 * and a summary compares the streamed accuracy with the same model scored offline on the same reviews. With
 * {@code --challenger}, a second model scores in shadow from the first review and is promoted halfway through the
 * replay ({@link DemoChallenger}); the summary then also compares both models, streamed and offline, and pairs them.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run everything in one process: embedded Kafka, a trained model, the job on a local Flink, "
                + "an IMDB replay with delayed labels; live status, then a summary.")
public final class DemoCommand implements Callable<Integer> {
    /** For --verbose: each failure's WARN line then carries its stack trace. */
    @ParentCommand
    SentimentCli cli;

    @Mixin
    ImdbDataOption data;

    @Option(names = "--model-dir", paramLabel = "DIR", description = "Model to serve; trained (seed 1) if it has "
            + "no metadata.json (default: ~/.cache/sentiment-stream/models/" + DefaultModel.NAME + ").")
    Path modelDir;

    @Option(names = "--challenger", paramLabel = "DIR", description = "A second model, scored in shadow on every "
            + "review from the start and promoted to champion halfway through the replay (the former champion then "
            + "scores in shadow); the summary compares both.")
    Path challengerDir;

    @Option(names = "--limit", defaultValue = "0", description = "Replay N test reviews, 0 for all 25,000.")
    int limit;

    @Option(names = "--rate", defaultValue = "1500",
            description = "Reviews per second, 0 for as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--label-delay", converter = DurationConverter.class, defaultValue = "2s",
            paramLabel = "DURATION", description = "Delay of each label after its review (default: 2s).")
    Duration labelDelay;

    @Option(names = "--window", converter = DurationConverter.class, defaultValue = "5s", paramLabel = "DURATION",
            description = "Accuracy window (default: 5s).")
    Duration window;

    @Option(names = "--labels-max-delay", converter = DurationConverter.class, defaultValue = "30s",
            paramLabel = "DURATION", description = "labels.max-delay (default: 30s).")
    Duration labelsMaxDelay;

    @Option(names = "--checkpoint-interval", converter = DurationConverter.class, defaultValue = "1s",
            paramLabel = "DURATION", description = "Checkpoint interval; exactly-once results are readable "
                    + "after each (default: 1s).")
    Duration checkpointInterval;

    @Option(names = "--parallelism", defaultValue = "2", description = "Job parallelism (default: 2).")
    int parallelism;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "Also write the summary as JSON.")
    Path summaryJson;

    @Option(names = "--chart", paramLabel = "FILE", defaultValue = "out/demo.png",
            description = "PNG of throughput and windowed accuracy over time (default: ${DEFAULT-VALUE}).")
    Path chart;

    @Option(names = "--follow", description = "Keep running after the replay, until Ctrl-C.")
    boolean follow;

    @Option(names = "--dashboard-port", defaultValue = "8080", description = "Port of the live dashboard page on "
            + "127.0.0.1, 0 for any free port (default: ${DEFAULT-VALUE}).")
    int dashboardPort;

    @Option(names = "--prometheus-port", paramLabel = "PORT[-PORT]", description = "Serve the job's metrics for "
            + "Prometheus at http://127.0.0.1:PORT/metrics, on the first free port of the range (default: "
            + PrometheusExport.DEFAULT_PORTS + ").")
    String prometheusPort = PrometheusExport.DEFAULT_PORTS;

    @Override
    public Integer call() throws Exception {
        ImdbDataset imdb = data.read();
        Path model = DefaultModel.resolve(modelDir, imdb);
        if (challengerDir != null) {
            ModelMetadata.read(challengerDir); // a mistake in one line before anything starts
        }
        Path work = Files.createTempDirectory("sentiment-demo");
        // closed in reverse order: the job stops before the broker it reads from
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(work.resolve("kafka"));
                LocalFlinkCluster flink = LocalFlinkCluster.start(parallelism,
                        PrometheusExport.reporter(prometheusPort))) {
            JobConfig config = config(kafka.bootstrapServers(), model);
            kafka.createTopics(2, List.of(config.reviewsTopic(), config.labelsTopic()));
            kafka.createTopics(1, JobTopics.outputsAndModels(config));
            System.err.println("Kafka (in-process KRaft) at " + kafka.bootstrapServers() + "; starting the job...");
            try (Dashboard dashboard = Dashboard.start(kafka.bootstrapServers(), config.clientProperties(),
                    DashboardTopics.of(config), new InetSocketAddress(InetAddress.getLoopbackAddress(),
                            dashboardPort))) {
                System.err.println("dashboard: " + dashboard.url());
                return run(kafka, flink, config, model, imdb, work);
            }
        } finally {
            WorkDir.delete(work);
        }
    }

    private int run(EmbeddedKafkaBroker kafka, LocalFlinkCluster flink, JobConfig config, Path model,
            ImdbDataset imdb, Path work) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        KafkaSentimentJob.define(env, config);
        env.registerJobListener(new RestartLogging(flink.webUrl(), "sentiment-demo", cli.verbose()));
        JobID job = flink.submit(env, "sentiment-demo");
        flink.awaitRunning(job, Duration.ofMinutes(2));
        DemoChallenger challenger = null;
        if (challengerDir != null) {
            challenger = new DemoChallenger(challengerDir, config);
            System.err.println("job running; challenger " + challenger.version() + " issued on " + config.modelsTopic()
                    + ", loading in shadow...");
            challenger.enterShadow(flink, job, parallelism);
        }
        System.err.println("job running (model loaded and checked in every scoring subtask"
                + (challenger == null ? "" : ", challenger in shadow") + "); replaying...");

        OutputWatcher watcher = new OutputWatcher(config);
        Thread watching = new Thread(watcher, "demo-output-watcher");
        watching.start();
        ImdbReplay replay = new ImdbReplay(new ReplaySettings(kafka.bootstrapServers(), config.reviewsTopic(),
                config.labelsTopic(), rate, labelDelay, Duration.ZERO, 1, limit, new Properties()), false);
        long start = System.currentTimeMillis();
        CompletableFuture<ImdbReplay.Result> replayed = CompletableFuture.supplyAsync(() -> {
            try {
                return replay.run(imdb.test());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        });
        try (KafkaProgress progress = new KafkaProgress(kafka.bootstrapServers())) {
            watchUntilDone(flink, job, watcher, replay, replayed, progress, config, start, challenger,
                    limit == 0 ? imdb.test().size() : Math.min(limit, imdb.test().size()));
            System.err.println("replay done and consumed; draining the job (final accuracy reports)...");
            flink.drain(job, work.resolve("savepoints"));
            var outputs = progress.endOffsets(List.of(config.sentimentTopic(), config.accuracyTopic(),
                    config.comparisonTopic(), config.deadLetterTopic()));
            while (!watcher.caughtUpWith(outputs)) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
        } finally {
            watcher.stop();
            watching.join();
        }
        DemoSummary summary = summarize(replayed.join(), watcher, model, config, challenger);
        print(summary);
        String version = summary.modelVersion();
        DemoChart.write(watcher.scoredPerSecond(), watcher.reports().stream()
                .filter(r -> r.report().getModelVersion().equals(version)).toList(), start, chart);
        System.out.println("chart: " + chart);
        if (summaryJson != null) {
            summary.write(summaryJson);
            System.out.println("summary: " + summaryJson);
        }
        return 0;
    }

    private JobConfig config(String bootstrapServers, Path model) {
        JobConfig.Builder b = new JobConfig.Builder();
        b.bootstrapServers = bootstrapServers;
        b.modelDir = model;
        b.window = window;
        b.labelsMaxDelay = labelsMaxDelay;
        b.checkpointInterval = checkpointInterval;
        b.parallelism = parallelism;
        b.groupId = "sentiment-demo";
        return b.build();
    }

    private void watchUntilDone(LocalFlinkCluster flink, JobID job, OutputWatcher watcher, ImdbReplay replay,
            CompletableFuture<ImdbReplay.Result> replayed, KafkaProgress progress, JobConfig config, long start,
            DemoChallenger challenger, long total) throws Exception {
        while (true) {
            TimeUnit.SECONDS.sleep(1);
            if (challenger != null && challenger.promotedAtReview() < 0) {
                challenger.promoteHalfway(replay.reviewsSent(), total);
                if (challenger.promotedAtReview() >= 0) {
                    System.err.println("promoted the challenger " + challenger.version() + " after "
                            + challenger.promotedAtReview() + " reviews; the former champion scores in shadow");
                }
            }
            JobStatus status = flink.status(job);
            if (status.isGloballyTerminalState()) {
                flink.awaitResult(job);
                throw new IllegalStateException("the job ended early: " + status);
            }
            System.err.println(statusLine(watcher, replay.reviewsSent(), start));
            if (replayed.isCompletedExceptionally()) {
                replayed.join();
            }
            if (!follow && replayed.isDone() && watcher.scored() >= replayed.join().reviewsSent()
                    && progress.consumed(config.groupId(), progress.endOffsets(
                            List.of(config.reviewsTopic(), config.labelsTopic())))) {
                return;
            }
        }
    }

    private static String statusLine(OutputWatcher watcher, long sent, long start) {
        AccuracyReport latest = watcher.reports().stream()
                .filter(r -> r.report().getCount() > 0)
                .max(Comparator.comparing((OutputWatcher.SeenReport r) -> r.report().getWindowStart())
                        .thenComparingInt(r -> r.report().getRevision()))
                .map(OutputWatcher.SeenReport::report).orElse(null);
        String accuracy = latest == null ? "accuracy -" : String.format(Locale.ROOT,
                "window accuracy %.4f (%,d labeled, rev %d%s)", latest.getAccuracy(), latest.getCount(),
                latest.getRevision(), latest.getFinal$() ? ", final" : "");
        return String.format(Locale.ROOT,
                "[%3ds] in %,d out %,d | %,d/s | latency p50 %,d ms p99 %,d ms (scored p50 %,d ms) | %s | dead letters %,d",
                (System.currentTimeMillis() - start) / 1000, sent, watcher.scored(), watcher.lastSecondRate(),
                watcher.latencyPercentile(0.50), watcher.latencyPercentile(0.99),
                watcher.scoringLatencyPercentile(0.50), accuracy, watcher.deadLetters());
    }

    private static DemoSummary summarize(ImdbReplay.Result replayed, OutputWatcher watcher, Path model,
            JobConfig config, DemoChallenger challenger) {
        List<ImdbReview> reviews = replayed.reviews();
        List<String> texts = reviews.stream().map(ImdbReview::text).toList();
        int[] labels = reviews.stream().mapToInt(ImdbReview::label).toArray();
        try (SentimentModel served = SentimentModel.load(model)) {
            float[] logits = served.logits(texts, 1000);
            BinaryMetrics offline = BinaryMetrics.of(logits, labels);
            ModelMetadata metadata = served.metadata();
            long[] streamed = streamed(watcher, metadata.modelVersion());
            DemoSummary summary = new DemoSummary(replayed.reviewsSent(), watcher.scored(), watcher.deadLetters(),
                    streamed[1] == 0 ? 0 : (double) streamed[0] / streamed[1], streamed[1], offline.accuracy(),
                    metadata.testAccuracy(), watcher.throughput(), watcher.latencyPercentile(0.50),
                    watcher.latencyPercentile(0.99), watcher.latencyPercentile(1.0),
                    config.checkpointInterval().toMillis(), metadata.modelVersion(), null, null, null, null, null,
                    null, null, null, null);
            if (challenger == null) {
                return summary;
            }
            try (SentimentModel second = SentimentModel.load(challenger.dir())) {
                float[] challengerLogits = second.logits(texts, 1000);
                long[] challengerStreamed = streamed(watcher, challenger.version());
                DemoChallenger.Paired paired = challenger.streamed(watcher.comparisons());
                DemoChallenger.Paired offlinePaired = DemoChallenger.offline(logits, challengerLogits, labels);
                System.out.printf(Locale.ROOT, "%npaired offline       both right %,d, only %s %,d, only %s %,d, "
                        + "both wrong %,d%n", offlinePaired.bothRight(), metadata.modelVersion(),
                        offlinePaired.modelOnly(), challenger.version(), offlinePaired.challengerOnly(),
                        offlinePaired.bothWrong());
                return new DemoSummary(summary.reviewsReplayed(), summary.reviewsScored(), summary.deadLetters(),
                        summary.streamedAccuracy(), summary.labeledInReports(), summary.offlineAccuracy(),
                        summary.modelTestAccuracy(), summary.throughputPerS(), summary.latencyP50Ms(),
                        summary.latencyP99Ms(), summary.latencyMaxMs(), summary.checkpointIntervalMs(),
                        summary.modelVersion(), challenger.version(),
                        challengerStreamed[1] == 0 ? 0 : (double) challengerStreamed[0] / challengerStreamed[1],
                        BinaryMetrics.of(challengerLogits, labels).accuracy(), paired.bothRight(), paired.modelOnly(),
                        paired.challengerOnly(), paired.bothWrong(),
                        McNemar.exactP(paired.modelOnly(), paired.challengerOnly()),
                        challenger.promotedAtReview());
            }
        }
    }

    /** Correct and labeled over the final accuracy reports of one model version, in any role. */
    private static long[] streamed(OutputWatcher watcher, String version) {
        List<AccuracyReport> finals = watcher.reports().stream().map(OutputWatcher.SeenReport::report)
                .filter(AccuracyReport::getFinal$).filter(r -> r.getModelVersion().equals(version)).toList();
        return new long[] {finals.stream().mapToLong(AccuracyReport::getCorrect).sum(),
                finals.stream().mapToLong(AccuracyReport::getCount).sum()};
    }

    private static void print(DemoSummary s) {
        System.out.printf(Locale.ROOT, "%nreviews replayed     %,d%n", s.reviewsReplayed());
        System.out.printf(Locale.ROOT, "reviews scored       %,d (exactly once, read_committed)%n", s.reviewsScored());
        System.out.printf(Locale.ROOT, "dead letters         %,d%n", s.deadLetters());
        System.out.printf(Locale.ROOT, "streamed accuracy    %.4f over %,d labeled reviews (final window reports)%n",
                s.streamedAccuracy(), s.labeledInReports());
        System.out.printf(Locale.ROOT, "offline accuracy     %.4f (same model, same reviews, scored offline)%n",
                s.offlineAccuracy());
        System.out.printf(Locale.ROOT, "model test accuracy  %.4f (metadata.json, model %s)%n",
                s.modelTestAccuracy(), s.modelVersion());
        System.out.printf(Locale.ROOT, "throughput           %,.0f reviews/s%n", s.throughputPerS());
        System.out.printf(Locale.ROOT, "latency              p50 %,d ms, p99 %,d ms, max %,d ms (event time to "
                + "readable; exactly-once commits every %,d ms)%n", s.latencyP50Ms(), s.latencyP99Ms(),
                s.latencyMaxMs(), s.checkpointIntervalMs());
        if (s.challengerVersion() != null) {
            System.out.printf(Locale.ROOT, "challenger %s: streamed accuracy %.4f, offline %.4f (promoted after "
                    + "%,d reviews)%n", s.challengerVersion(), s.challengerStreamedAccuracy(),
                    s.challengerOfflineAccuracy(), s.promotedAtReview());
            System.out.printf(Locale.ROOT, "paired (streamed)    both right %,d, only %s %,d, only %s %,d, both "
                    + "wrong %,d; McNemar p %.3g%n", s.pairedBothRight(), s.modelVersion(), s.pairedChampionOnly(),
                    s.challengerVersion(), s.pairedChallengerOnly(), s.pairedBothWrong(), s.mcnemarP());
        }
    }
}
