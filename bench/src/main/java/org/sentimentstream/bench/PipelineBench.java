package org.sentimentstream.bench;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.sentimentstream.job.JobConfig;
import org.sentimentstream.job.kafka.JobTopics;
import org.sentimentstream.job.kafka.KafkaSentimentJob;
import org.sentimentstream.job.restarts.RestartLogging;
import org.sentimentstream.local.EmbeddedKafkaBroker;
import org.sentimentstream.local.LocalFlinkCluster;
import org.sentimentstream.replay.ImdbReplay;
import org.sentimentstream.replay.ReplaySettings;
import org.sentimentstream.trainer.imdb.ImdbReview;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The job end to end, Kafka to Flink to Kafka, on an in-process broker and a local Flink with one slot per core,
 * both started once for all runs, so that no run adds a cluster's start-up code to the JIT compiler's queue.
 * Throughput runs read a backlog replayed beforehand (bounded, at-least-once) and report the steady output rate;
 * latency runs replay at a fixed rate while the job runs and report percentiles of event time to readable. Runs
 * use the job's default checkpoint interval, except exactly-once latency runs: their output is readable only once a
 * checkpoint commits it, so they checkpoint every second.
 */
final class PipelineBench implements AutoCloseable {
    /** What scores the reviews in a run. */
    enum Scoring { MODEL, PASSTHROUGH }

    /** Percentiles of one latency run, in ms, and how long the JIT compiler compiled during it. */
    record Latency(double ratePerS, DeliveryGuarantee guarantee, long p50, long p99, long p999, long samples,
            long scoredP50, long scoredP99, long compileMillis) {}

    private static final Duration LATENCY_WARM_UP = Duration.ofSeconds(2);
    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();
    private static final Duration LATENCY_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

    private final EmbeddedKafkaBroker kafka;
    private final LocalFlinkCluster flink;
    private final Path modelDir;
    private final int parallelism;
    private final List<ImdbReview> reviews;
    private final String backlog = "bench-backlog";
    private final int backlogSize;
    private final boolean restartStackTraces;
    private int runs;

    /**
     * Times the reviews are in the throughput runs' backlog, under distinct ids: once is too short a read for the
     * passthrough to reach a steady rate.
     */
    static final int BACKLOG_PASSES = 3;

    /**
     * Starts the broker, replays {@code reviews} (with their labels) {@link #BACKLOG_PASSES} times as the
     * throughput runs' backlog (latency runs replay them again, as many as their rate and duration take), and starts
     * the Flink cluster.
     */
    PipelineBench(Path work, Path modelDir, int parallelism, List<ImdbReview> reviews, boolean restartStackTraces)
            throws Exception {
        this.kafka = EmbeddedKafkaBroker.start(work.resolve("kafka"));
        this.modelDir = modelDir;
        this.parallelism = parallelism;
        this.reviews = reviews;
        this.restartStackTraces = restartStackTraces;
        kafka.createTopics(parallelism, List.of(backlog + "-reviews", backlog + "-labels"));
        this.backlogSize = BACKLOG_PASSES * reviews.size();
        try {
            replay(backlog, 0, Duration.ZERO, passes(reviews, BACKLOG_PASSES), backlogSize, new Properties());
            this.flink = LocalFlinkCluster.start(parallelism, new Configuration());
        } catch (Exception e) {
            kafka.close();
            throw e;
        }
    }

    /**
     * {@code reviews} {@code count} times over, each pass after the first under distinct ids ({@code id#pass}), so
     * the job's label join sees every review once.
     */
    static List<ImdbReview> passes(List<ImdbReview> reviews, int count) {
        List<ImdbReview> passes = new ArrayList<>(reviews);
        for (int pass = 1; pass < count; pass++) {
            for (ImdbReview r : reviews) {
                passes.add(new ImdbReview(r.id() + "#" + pass, r.positive(), r.rating(), r.text()));
            }
        }
        return passes;
    }

    int backlogSize() {
        return backlogSize;
    }

    static int defaultBatchSize() {
        return new JobConfig.Builder().batchSize;
    }

    static long warmUpSeconds() {
        return LATENCY_WARM_UP.toSeconds();
    }

    static long latencyCheckpointMillis() {
        return LATENCY_CHECKPOINT_INTERVAL.toMillis();
    }

    static long defaultCheckpointMillis() {
        return new JobConfig.Builder().checkpointInterval.toMillis();
    }

    /**
     * Steady reviews per second through the whole job on the backlog.
     *
     * @param batchSize the job's batch.size, 0 for its default
     */
    double throughput(Scoring scoring, int batchSize) throws Exception {
        collectPreviousRuns();
        JobConfig config = config(backlog, "run-" + ++runs, batchSize > 0 ? batchSize : defaultBatchSize(),
                DeliveryGuarantee.AT_LEAST_ONCE, true);
        try (OutputClock clock = new OutputClock(kafka.bootstrapServers(), config.sentimentTopic(),
                Long.MAX_VALUE)) {
            JobID job = submit(config, scoring);
            flink.awaitResult(job);
            if (!clock.await(backlogSize, Duration.ofMinutes(3))) {
                throw new IllegalStateException("only " + clock.count() + " of " + backlogSize
                        + " sentiment events arrived");
            }
            return clock.steadyRate();
        } finally {
            deleteRunTopics(config, List.of());
        }
    }

    /** What a warm-up did: how many throughput runs, for how long, and the JIT compilation time of its last two. */
    record WarmUp(int runs, double seconds, long lastTwoCompileMillis) {}

    /**
     * Throughput runs, the full job and the passthrough in turn, until {@code atLeast} has passed (two runs at
     * least): the JIT compiler of a process that hosts a broker, a Flink cluster and the job has minutes of code to
     * compile, and until it has, runs are slower and vary more from one to the next (docs/benchmarks.md).
     */
    WarmUp warmUp(Duration atLeast) throws Exception {
        long start = System.nanoTime();
        int runs = 0;
        long compileBeforePair;
        do {
            compileBeforePair = JIT.getTotalCompilationTime();
            throughput(Scoring.MODEL, 0);
            throughput(Scoring.PASSTHROUGH, 0);
            runs += 2;
        } while (System.nanoTime() - start < atLeast.toNanos());
        return new WarmUp(runs, (System.nanoTime() - start) / 1e9, JIT.getTotalCompilationTime() - compileBeforePair);
    }

    /**
     * Latency of the full job while reviews arrive at {@code ratePerS} for {@code duration} (the reviews repeated
     * under distinct ids when the rate needs more of them), their labels one second later. The load generator
     * compresses its batches with {@code generatorCompression} (a producer {@code compression.type}).
     */
    Latency latency(double ratePerS, DeliveryGuarantee guarantee, String generatorCompression, Duration duration)
            throws Exception {
        int count = (int) Math.max(1, ratePerS * duration.toSeconds());
        // whole passes, of which the replay's seeded shuffle takes count; made before the collection, which moves
        // them to the old generation: they live all run, and young collections inside the run would copy them
        List<ImdbReview> input = passes(reviews, (count + reviews.size() - 1) / reviews.size());
        collectPreviousRuns();
        String run = "run-" + ++runs;
        kafka.createTopics(parallelism, List.of(run + "-reviews", run + "-labels"));
        JobConfig config = config(run, run, defaultBatchSize(), guarantee, false);
        long compileBefore = JIT.getTotalCompilationTime();
        JobID job = submit(config, Scoring.MODEL);
        try {
            flink.awaitRunning(job, Duration.ofMinutes(2));
            long warmUpEnd = System.currentTimeMillis() + LATENCY_WARM_UP.toMillis();
            try (OutputClock clock = new OutputClock(kafka.bootstrapServers(), config.sentimentTopic(), warmUpEnd)) {
                Properties generator = new Properties();
                generator.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, generatorCompression);
                replay(run, ratePerS, Duration.ofSeconds(1), input, count, generator);
                if (!clock.await(count, Duration.ofMinutes(1))) {
                    throw new IllegalStateException("only " + clock.count() + " of " + count
                            + " sentiment events arrived");
                }
                return new Latency(ratePerS, guarantee, clock.latencyPercentile(50), clock.latencyPercentile(99),
                        clock.latencyPercentile(99.9), clock.latencySamples(), clock.toScoredPercentile(50),
                        clock.toScoredPercentile(99), JIT.getTotalCompilationTime() - compileBefore);
            }
        } finally {
            flink.cancel(job);
            deleteRunTopics(config, List.of(config.reviewsTopic(), config.labelsTopic()));
        }
    }

    /**
     * Deletes the topics a run wrote, its outputs and {@code ownInputs}: a full bench would otherwise keep tens of GB
     * of them (the throughput runs' shared backlog stays).
     */
    private void deleteRunTopics(JobConfig config, List<String> ownInputs) {
        List<String> topics = new ArrayList<>(ownInputs);
        topics.addAll(JobTopics.outputsAndModels(config));
        kafka.deleteTopics(topics);
    }

    /**
     * A full collection before each run keeps the previous runs' garbage (their tasks, models and Kafka clients)
     * from triggering one inside this run's measurement.
     */
    private static void collectPreviousRuns() {
        System.gc();
    }

    private JobID submit(JobConfig config, Scoring scoring) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (scoring == Scoring.MODEL) {
            KafkaSentimentJob.define(env, config);
        } else {
            KafkaSentimentJob.define(env, config, new PassthroughScorer());
        }
        env.registerJobListener(new RestartLogging(flink.webUrl(), "sentiment-bench", restartStackTraces));
        return flink.submit(env, "sentiment-bench");
    }

    private JobConfig config(String inputs, String run, int batchSize, DeliveryGuarantee guarantee,
            boolean bounded) {
        JobConfig.Builder b = new JobConfig.Builder();
        b.bootstrapServers = kafka.bootstrapServers();
        b.reviewsTopic = inputs + "-reviews";
        b.labelsTopic = inputs + "-labels";
        b.outputTopicsOf(run);
        b.groupId = "bench-" + run;
        b.modelDir = modelDir;
        b.batchSize = batchSize;
        b.deliveryGuarantee = guarantee;
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            b.checkpointInterval = LATENCY_CHECKPOINT_INTERVAL;
        }
        b.parallelism = parallelism;
        b.bounded = bounded;
        JobConfig config = b.build();
        kafka.createTopics(1, JobTopics.outputsAndModels(config));
        return config;
    }

    /** Replays {@code limit} of {@code from} (after the replay's seeded shuffle) with their labels. */
    private void replay(String topics, double rate, Duration labelDelay, List<ImdbReview> from, int limit,
            Properties producer) throws InterruptedException {
        new ImdbReplay(new ReplaySettings(kafka.bootstrapServers(), topics + "-reviews", topics + "-labels", rate,
                labelDelay, Duration.ZERO, 1, limit, producer), false).run(from);
    }

    @Override
    public void close() throws Exception {
        try {
            flink.close();
        } finally {
            kafka.close();
        }
    }
}
