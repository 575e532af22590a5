package org.sentimentstream.bench;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.sentimentstream.job.JobConfig;
import org.sentimentstream.job.kafka.JobTopics;
import org.sentimentstream.job.kafka.KafkaSentimentJob;
import org.sentimentstream.job.kafka.ModelCommands;
import org.sentimentstream.job.restarts.RestartLogging;
import org.sentimentstream.job.score.ModelDescriptor;
import org.sentimentstream.local.EmbeddedKafkaBroker;
import org.sentimentstream.local.LocalFlinkCluster;
import org.sentimentstream.model.ModelFiles;
import org.sentimentstream.model.ModelMetadata;
import org.sentimentstream.replay.ImdbReplay;
import org.sentimentstream.replay.ReplaySettings;
import org.sentimentstream.schemas.AvroSerde;
import org.sentimentstream.schemas.ModelRole;
import org.sentimentstream.schemas.SentimentEvent;
import org.sentimentstream.trainer.imdb.ImdbReview;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The model lifecycle's costs, side by side in one run on one backlog of reviews: the job's throughput with a
 * challenger in shadow against without; the longest gap in the sentiment output (between consecutive reviews'
 * {@code scored_at}) in the seconds around a promotion that loads the new champion, against the longest gap of the
 * rest of that run; and the memory of the process that runs the TaskManager (RSS: broker, Flink and job share this
 * JVM, so the difference is what counts) with one and with two models loaded in every scoring subtask.
 */
final class LifecycleBench implements AutoCloseable {
    /** Around a promotion: from this long before it is issued to this long after the new champion serves. */
    private static final long AROUND_SWAP_MS = 2_000;
    /** Throughput counts from this share of the backlog on (and from the challenger's switch): no start-up in it. */
    private static final double MEASURED_FROM = 0.1;

    private final EmbeddedKafkaBroker kafka;
    private final LocalFlinkCluster flink;
    private final Path model;
    private final ModelDescriptor challenger;
    private final int parallelism;
    private final int reviews;
    private int runs;

    /** The figures, named as the report's keys. */
    record Figures(double reviewsPerSOneModel, double reviewsPerSWithShadow, long swapGapMs, long otherGapMs,
            long swapLoadMs, double rssMiBOneModel, double rssMiBTwoModels) {}

    /**
     * Starts a broker and a local Flink, and replays {@code backlog} with its labels as the runs' input: long enough
     * that a challenger loaded after the start still has most of it to score.
     */
    LifecycleBench(Path work, Path model, Path challengerDir, int parallelism, List<ImdbReview> backlog)
            throws Exception {
        this.model = model;
        this.parallelism = parallelism;
        this.reviews = backlog.size();
        Path dir = challengerDir.toAbsolutePath().normalize();
        this.challenger = new ModelDescriptor(ModelMetadata.read(dir).modelVersion(), dir.toString(),
                ModelFiles.sha256(dir), ModelRole.CHALLENGER);
        this.kafka = EmbeddedKafkaBroker.start(work.resolve("kafka"));
        kafka.createTopics(parallelism, List.of("backlog-reviews", "backlog-labels"));
        new ImdbReplay(new ReplaySettings(kafka.bootstrapServers(), "backlog-reviews", "backlog-labels", 0,
                Duration.ofMillis(500), Duration.ZERO, 1, backlog.size(), new Properties()), false).run(backlog);
        this.flink = LocalFlinkCluster.start(parallelism, new Configuration());
    }

    Figures run() throws Exception {
        double[] one = throughputAndRss(false);
        double[] two = throughputAndRss(true);
        long[] gaps = swapGaps();
        return new Figures(one[0], two[0], gaps[0], gaps[1], gaps[2], one[1], two[1]);
    }

    /** Reviews/s over the backlog once the models are set, and the RSS then; with or without the challenger. */
    private double[] throughputAndRss(boolean shadow) throws Exception {
        JobConfig config = config();
        JobID job = submit(config);
        if (shadow) {
            issue(config, challenger);
            awaitMetric(job, "model_switches", parallelism);
        }
        System.gc();
        double rss = rssMiB();
        awaitMetric(job, "reviews_scored", MEASURED_FROM * reviews);
        double scoredAtStart = flink.metricSum(job, "reviews_scored").orElse(0);
        long start = System.nanoTime();
        awaitMetric(job, "reviews_scored", reviews);
        double seconds = (System.nanoTime() - start) / 1e9;
        flink.cancel(job);
        return new double[] {(reviews - scoredAtStart) / seconds, rss};
    }

    /**
     * A run that promotes a challenger not yet loaded once half the backlog is scored: the longest gap between
     * consecutive {@code scored_at} around the promotion, the longest elsewhere in the run, and how long the load took.
     */
    private long[] swapGaps() throws Exception {
        JobConfig config = config();
        JobID job = submit(config);
        awaitMetric(job, "reviews_scored", reviews / 2.0);
        long issued = System.currentTimeMillis();
        issue(config, challenger.withRole(ModelRole.CHAMPION));
        awaitMetric(job, "model_switches", parallelism);
        long switched = System.currentTimeMillis();
        awaitMetric(job, "reviews_scored", reviews);
        flink.cancel(job);
        List<Long> scoredAt = new ArrayList<>();
        AvroSerde<SentimentEvent> serde = AvroSerde.of(SentimentEvent.class);
        for (byte[] value : readAll(config.sentimentTopic())) {
            scoredAt.add(serde.deserialize(value).getScoredAt().toEpochMilli());
        }
        scoredAt.sort(null);
        long aroundSwap = 0;
        long elsewhere = 0;
        for (int i = 1; i < scoredAt.size(); i++) {
            long gap = scoredAt.get(i) - scoredAt.get(i - 1);
            boolean near = scoredAt.get(i) >= issued - AROUND_SWAP_MS && scoredAt.get(i - 1) <= switched
                    + AROUND_SWAP_MS;
            if (near) {
                aroundSwap = Math.max(aroundSwap, gap);
            } else {
                elsewhere = Math.max(elsewhere, gap);
            }
        }
        return new long[] {aroundSwap, elsewhere, switched - issued};
    }

    /** A run's own outputs and group, on the shared backlog; at-least-once: the figures are the scorer's. */
    private JobConfig config() {
        String run = "lifecycle-" + runs++;
        JobConfig.Builder b = new JobConfig.Builder();
        b.bootstrapServers = kafka.bootstrapServers();
        b.reviewsTopic = "backlog-reviews";
        b.labelsTopic = "backlog-labels";
        b.outputTopicsOf(run);
        b.groupId = "bench-" + run;
        b.modelDir = model;
        b.parallelism = parallelism;
        b.deliveryGuarantee = DeliveryGuarantee.AT_LEAST_ONCE;
        JobConfig config = b.build();
        kafka.createTopics(1, JobTopics.outputsAndModels(config));
        return config;
    }

    private JobID submit(JobConfig config) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        KafkaSentimentJob.define(env, config);
        env.registerJobListener(new RestartLogging(flink.webUrl(), "sentiment-lifecycle-bench", false));
        JobID job = flink.submit(env, "sentiment-lifecycle-bench");
        flink.awaitRunning(job, Duration.ofMinutes(2));
        return job;
    }

    private void issue(JobConfig config, ModelDescriptor descriptor) throws Exception {
        new ModelCommands(kafka.bootstrapServers(), new Properties(), config.modelsTopic())
                .issue(descriptor.toCommand(Instant.now()), Duration.ofSeconds(15));
    }

    private void awaitMetric(JobID job, String metric, double atLeast) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (flink.metricSum(job, metric).orElse(0) < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(metric + " did not reach " + atLeast + " within 10 minutes");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private List<byte[]> readAll(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        List<byte[]> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
            }
        }
        return values;
    }

    /** The resident set of this process (Linux), MiB. */
    private static double rssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }

    /** The report's rows. */
    static void report(BenchReport report, Figures f, String model, String challenger) {
        report.put("lifecycle_reviews_per_s_one_model", Math.round(f.reviewsPerSOneModel()));
        report.put("lifecycle_reviews_per_s_with_shadow", Math.round(f.reviewsPerSWithShadow()));
        report.put("lifecycle_swap_gap_ms", f.swapGapMs());
        report.put("lifecycle_other_gap_ms", f.otherGapMs());
        report.put("lifecycle_swap_load_ms", f.swapLoadMs());
        report.put("lifecycle_rss_mib_one_model", Math.round(f.rssMiBOneModel()));
        report.put("lifecycle_rss_mib_two_models", Math.round(f.rssMiBTwoModels()));
        report.text("## Model lifecycle (champion " + model + ", challenger " + challenger + ")");
        report.table(List.of("", "one model", "with a challenger in shadow"), List.of(
                List.of("job throughput, reviews/s", BenchReport.whole(f.reviewsPerSOneModel()),
                        BenchReport.whole(f.reviewsPerSWithShadow())),
                List.of("process RSS, MiB (broker, Flink and job in one JVM)", BenchReport.whole(f.rssMiBOneModel()),
                        BenchReport.whole(f.rssMiBTwoModels()))));
        report.text(String.format(Locale.ROOT, "Promotion of a model not yet loaded, mid-backlog: the longest gap "
                + "between consecutive reviews' scored_at around it was %,d ms (the rest of the run: %,d ms); the "
                + "load and checks took %,d ms from the command to the last subtask's switch, while the champion "
                + "served on.", f.swapGapMs(), f.otherGapMs(), f.swapLoadMs()));
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
