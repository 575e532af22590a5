package org.sentimentstream.job;

import org.apache.flink.connector.base.DeliveryGuarantee;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * Every setting of the job, in one typed place. The defaults below are what {@code ./sentiment job --help} prints.
 *
 * @param bootstrapServers Kafka bootstrap servers (default localhost:9092)
 * @param reviewsTopic topic of {@code Review} records (default reviews)
 * @param labelsTopic topic of {@code ReviewLabel} records (default labels)
 * @param sentimentTopic topic the {@code SentimentEvent}s go to (default sentiment)
 * @param accuracyTopic topic the {@code AccuracyReport}s go to (default accuracy)
 * @param deadLetterTopic topic the {@code DeadLetter}s go to (default dead-letters)
 * @param groupId consumer group of the sources (default sentiment-job)
 * @param modelDir the SavedModel directory written by {@code ./sentiment train} (default models/imdb)
 * @param modelThreads TensorFlow intra-op threads per scoring subtask (default 1)
 * @param batchSize reviews per model call at most, {@code batch.size} (default 256)
 * @param batchMaxWait how long the oldest review of a batch may wait, {@code batch.max-wait} (default 20 ms)
 * @param textMaxChars longer texts are cut to this many characters and flagged, {@code text.max-chars}
 *     (default 20,000: the longest IMDB review has 13,704)
 * @param window size of the tumbling event-time accuracy windows (default 1 min)
 * @param labelsMaxDelay how long in event time a prediction waits for its label and a label for its prediction,
 *     {@code labels.max-delay}; windows are final this long after they end (default 1 min)
 * @param outOfOrderness bounded out-of-orderness of event times, for watermarks (default 2 s)
 * @param idleness a source partition without records for this long stops holding back the watermark (default 5 s)
 * @param deliveryGuarantee EXACTLY_ONCE (transactions committed on checkpoints; consumers read_committed),
 *     AT_LEAST_ONCE or NONE (default EXACTLY_ONCE)
 * @param checkpointInterval checkpoint every (default 10 s); exactly-once output becomes visible at this pace
 * @param transactionTimeout Kafka transaction timeout of the sinks; must stay below the broker's
 *     {@code transaction.max.timeout.ms} (default 5 min; the broker default maximum is 15 min)
 * @param parallelism job parallelism, 0 for Flink's default (default 0)
 * @param kafkaProperties extra Kafka client properties (security, SASL, TLS) for sources and sinks, or null
 * @param bounded stop at the offsets that are latest when the job starts, instead of running forever
 */
public record JobConfig(
        String bootstrapServers,
        String reviewsTopic,
        String labelsTopic,
        String sentimentTopic,
        String accuracyTopic,
        String deadLetterTopic,
        String groupId,
        Path modelDir,
        int modelThreads,
        int batchSize,
        Duration batchMaxWait,
        int textMaxChars,
        Duration window,
        Duration labelsMaxDelay,
        Duration outOfOrderness,
        Duration idleness,
        DeliveryGuarantee deliveryGuarantee,
        Duration checkpointInterval,
        Duration transactionTimeout,
        int parallelism,
        Path kafkaProperties,
        boolean bounded) implements Serializable {

    public static JobConfig defaults() {
        return new Builder().build();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.bootstrapServers = bootstrapServers;
        b.reviewsTopic = reviewsTopic;
        b.labelsTopic = labelsTopic;
        b.sentimentTopic = sentimentTopic;
        b.accuracyTopic = accuracyTopic;
        b.deadLetterTopic = deadLetterTopic;
        b.groupId = groupId;
        b.modelDir = modelDir;
        b.modelThreads = modelThreads;
        b.batchSize = batchSize;
        b.batchMaxWait = batchMaxWait;
        b.textMaxChars = textMaxChars;
        b.window = window;
        b.labelsMaxDelay = labelsMaxDelay;
        b.outOfOrderness = outOfOrderness;
        b.idleness = idleness;
        b.deliveryGuarantee = deliveryGuarantee;
        b.checkpointInterval = checkpointInterval;
        b.transactionTimeout = transactionTimeout;
        b.parallelism = parallelism;
        b.kafkaProperties = kafkaProperties;
        b.bounded = bounded;
        return b;
    }

    /** Mutable twin of {@link JobConfig}, holding the defaults; see the record for what each field means. */
    public static final class Builder {
        public String bootstrapServers = "localhost:9092";
        public String reviewsTopic = "reviews";
        public String labelsTopic = "labels";
        public String sentimentTopic = "sentiment";
        public String accuracyTopic = "accuracy";
        public String deadLetterTopic = "dead-letters";
        public String groupId = "sentiment-job";
        public Path modelDir = Path.of("models/imdb");
        public int modelThreads = 1;
        public int batchSize = 256;
        public Duration batchMaxWait = Duration.ofMillis(20);
        public int textMaxChars = 20_000;
        public Duration window = Duration.ofMinutes(1);
        public Duration labelsMaxDelay = Duration.ofMinutes(1);
        public Duration outOfOrderness = Duration.ofSeconds(2);
        public Duration idleness = Duration.ofSeconds(5);
        public DeliveryGuarantee deliveryGuarantee = DeliveryGuarantee.EXACTLY_ONCE;
        public Duration checkpointInterval = Duration.ofSeconds(10);
        public Duration transactionTimeout = Duration.ofMinutes(5);
        public int parallelism = 0;
        public Path kafkaProperties = null;
        public boolean bounded = false;

        public JobConfig build() {
            return new JobConfig(bootstrapServers, reviewsTopic, labelsTopic, sentimentTopic, accuracyTopic,
                    deadLetterTopic, groupId, modelDir, modelThreads, batchSize, batchMaxWait, textMaxChars, window,
                    labelsMaxDelay, outOfOrderness, idleness, deliveryGuarantee, checkpointInterval,
                    transactionTimeout, parallelism, kafkaProperties, bounded);
        }
    }

    /** The Kafka client properties from {@link #kafkaProperties}, empty when none is set. */
    public Properties clientProperties() {
        Properties properties = new Properties();
        if (kafkaProperties != null) {
            try (Reader reader = Files.newBufferedReader(kafkaProperties)) {
                properties.load(reader);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("Kafka properties file not found: " + kafkaProperties, e);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + kafkaProperties + ": " + e.getMessage(), e);
            }
        }
        return properties;
    }
}
