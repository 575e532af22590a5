package org.sentimentstream.cli.soak;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sentimentstream.cli.DurationConverter;
import org.sentimentstream.cli.SentimentCli;
import org.sentimentstream.job.JobConfig;
import org.sentimentstream.job.kafka.JobTopics;
import org.sentimentstream.job.kafka.KafkaSentimentJob;
import org.sentimentstream.job.restarts.RestartLogging;
import org.sentimentstream.local.EmbeddedKafkaBroker;
import org.sentimentstream.local.KafkaProgress;
import org.sentimentstream.local.LocalFlinkCluster;
import org.sentimentstream.local.WorkDir;
import org.sentimentstream.schemas.AvroSerde;
import org.sentimentstream.schemas.Review;
import org.sentimentstream.schemas.ReviewLabel;
import org.sentimentstream.schemas.Sentiment;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A soak: generated reviews (short texts from a small vocabulary, so a million fit in minutes) through the whole
 * job, half of them never labeled, printing every interval how many are scored, how many predictions wait for a
 * label (the join's state, from the job's {@code labels.pending_predictions} metric), heap after GC and RSS. The
 * pending predictions must stay bounded by rate x {@code labels.max-delay}, and memory flat.
 */
@Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Long run of generated reviews (half never labeled) through the job on an embedded broker; "
                + "prints scored, pending predictions, heap and RSS every interval.")
public final class SoakCommand implements Callable<Integer> {
    /** For --verbose: each failure's WARN line then carries its stack trace. */
    @ParentCommand
    SentimentCli cli;

    private static final String[] WORDS = {"great", "awful", "film", "plot", "acting", "loved", "boring", "the",
        "a", "was", "and", "music", "ending", "superb", "dull", "cast", "story", "waste", "brilliant", "scene"};

    @Option(names = "--reviews", defaultValue = "1000000", description = "Reviews to send (default: 1000000).")
    long reviews;

    @Option(names = "--rate", defaultValue = "3000",
            description = "Reviews per second, 0 for as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--labeled-fraction", defaultValue = "0.5",
            description = "Share of reviews that get a label (default: 0.5).")
    double labeledFraction;

    @Option(names = "--labels-max-delay", converter = DurationConverter.class, defaultValue = "10s",
            paramLabel = "DURATION", description = "labels.max-delay of the job (default: 10s).")
    Duration labelsMaxDelay;

    @Option(names = "--model-dir", paramLabel = "DIR", required = true, description = "Model to serve.")
    Path modelDir;

    @Option(names = "--parallelism", defaultValue = "2", description = "Job parallelism (default: 2).")
    int parallelism;

    @Option(names = "--interval", converter = DurationConverter.class, defaultValue = "10s",
            paramLabel = "DURATION", description = "Status line interval (default: 10s).")
    Duration interval;

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("sentiment-soak");
        try {
            return soak(work);
        } finally {
            WorkDir.delete(work);
        }
    }

    private int soak(Path work) throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(work.resolve("kafka"));
                LocalFlinkCluster flink = LocalFlinkCluster.start(parallelism, new Configuration());
                KafkaProgress progress = new KafkaProgress(kafka.bootstrapServers())) {
            JobConfig.Builder b = new JobConfig.Builder();
            b.bootstrapServers = kafka.bootstrapServers();
            b.modelDir = modelDir;
            b.labelsMaxDelay = labelsMaxDelay;
            b.window = Duration.ofSeconds(10);
            b.checkpointInterval = Duration.ofSeconds(2);
            b.parallelism = parallelism;
            b.groupId = "soak";
            JobConfig config = b.build();
            kafka.createTopics(parallelism, List.of(config.reviewsTopic(), config.labelsTopic()));
            kafka.createTopics(1, JobTopics.outputsAndModels(config));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            KafkaSentimentJob.define(env, config);
            env.registerJobListener(new RestartLogging(flink.webUrl(), "sentiment-soak", cli.verbose()));
            JobID job = flink.submit(env, "sentiment-soak");
            flink.awaitRunning(job, Duration.ofMinutes(2));

            AtomicLong sent = new AtomicLong();
            Thread producer = new Thread(() -> produce(config, sent), "soak-producer");
            producer.start();
            long start = System.currentTimeMillis();
            System.out.println("   time      sent    scored  pending   heap after GC   RSS");
            Status first = null;
            Status last = null;
            double maxPending = 0;
            var inputs = List.of(config.reviewsTopic(), config.labelsTopic());
            while (producer.isAlive() || !progress.consumed(config.groupId(), progress.endOffsets(inputs))) {
                last = status(flink, job, progress, config, sent, start);
                first = first == null ? last : first;
                maxPending = Math.max(maxPending, last.pending());
            }
            long streamSeconds = (System.currentTimeMillis() - start) / 1000;
            // then the unlabeled half must expire: pending falls back once the watermark passes their deadlines
            long drainUntil = System.currentTimeMillis() + labelsMaxDelay.toMillis() + 2 * interval.toMillis();
            while (System.currentTimeMillis() < drainUntil) {
                last = status(flink, job, progress, config, sent, start);
            }
            System.out.printf(Locale.ROOT, "soak done: %,d reviews in %d s (%,d/s); pending predictions at most %,.0f, "
                    + "%,.0f at the end; heap after GC %d -> %d MB; RSS %d -> %d MB%n", reviews, streamSeconds,
                    reviews / Math.max(1, streamSeconds), maxPending, last.pending(), first.heapMb(), last.heapMb(),
                    first.rssMb(), last.rssMb());
            return 0;
        }
    }

    /** One status line's numbers. */
    private record Status(double pending, long heapMb, long rssMb) {}

    private Status status(LocalFlinkCluster flink, JobID job, KafkaProgress progress, JobConfig config,
            AtomicLong sent, long start) throws Exception {
        TimeUnit.MILLISECONDS.sleep(interval.toMillis());
        if (flink.status(job).isGloballyTerminalState()) {
            flink.awaitResult(job);
            throw new IllegalStateException("the job ended during the soak");
        }
        long committed = progress.endOffsets(List.of(config.sentimentTopic())).values().stream()
                .mapToLong(Long::longValue).sum();
        double pending = flink.metricSum(job, "labels.pending_predictions").orElse(0);
        System.gc();
        Status status = new Status(pending, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20,
                rssMb());
        System.out.printf(Locale.ROOT, "%6ds %9d %9d %8.0f %10d MB %6d MB%n", (System.currentTimeMillis() - start)
                / 1000, sent.get(), committed, pending, status.heapMb(), status.rssMb());
        return status;
    }

    private void produce(JobConfig config, AtomicLong sent) {
        AvroSerde<Review> reviewSerde = AvroSerde.of(Review.class);
        AvroSerde<ReviewLabel> labelSerde = AvroSerde.of(ReviewLabel.class);
        SplittableRandom random = new SplittableRandom(1);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            StringBuilder text = new StringBuilder();
            long startNanos = System.nanoTime();
            for (long i = 0; i < reviews; i++) {
                pace(startNanos, i);
                text.setLength(0);
                for (int w = 0; w < 30; w++) {
                    text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
                }
                String id = "soak-" + i;
                long now = System.currentTimeMillis();
                producer.send(new ProducerRecord<>(config.reviewsTopic(), null, now, id, reviewSerde.serialize(
                        Review.newBuilder().setReviewId(id).setText(text.toString())
                                .setEventTime(Instant.ofEpochMilli(now)).build())));
                if (random.nextDouble() < labeledFraction) {
                    producer.send(new ProducerRecord<>(config.labelsTopic(), null, now, id, labelSerde.serialize(
                            ReviewLabel.newBuilder().setReviewId(id).setLabel(random.nextBoolean()
                                    ? Sentiment.POSITIVE : Sentiment.NEGATIVE)
                                    .setLabelTime(Instant.ofEpochMilli(now)).build())));
                }
                sent.incrementAndGet();
            }
        }
    }

    private void pace(long startNanos, long index) {
        if (rate > 0) {
            long waitNanos = startNanos + (long) (index * 1e9 / rate) - System.nanoTime();
            if (waitNanos > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(waitNanos);
            }
        }
    }

    private static long rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) >> 10;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
