package org.sentimentstream.job;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.sentimentstream.job.kafka.ClientProperties;
import org.sentimentstream.schemas.FormatOptions;
import org.sentimentstream.schemas.RecordFormat;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * Every setting of the job, in one typed place. The defaults below are what {@code ./sentiment job --help} prints;
 * the flags are in {@link JobOptions}.
 *
 * @param bootstrapServers Kafka bootstrap servers (default localhost:9092)
 * @param reviewsTopic topic of {@code Review} records (default reviews)
 * @param labelsTopic topic of {@code ReviewLabel} records (default labels)
 * @param reviewsFormat wire format of the reviews topic: avro (single-object encoding), confluent-avro or json
 *     (default avro; docs/input-formats.md)
 * @param labelsFormat wire format of the labels topic, the same choices (default avro)
 * @param schemaRegistryUrl Confluent-compatible schema registry that confluent-avro topics' writer schemas are
 *     fetched from, basic auth from {@code basic.auth.user.info} in {@link #kafkaProperties}, or null
 * @param writerSchemas directory of {@code .avsc} writer schemas that avro topics may be written with besides ours
 *     (added optional fields, reordered fields...), resolved to ours, or null
 * @param sentimentTopic topic the {@code SentimentEvent}s go to (default sentiment)
 * @param accuracyTopic topic the {@code AccuracyReport}s go to (default accuracy)
 * @param shadowTopic topic the challenger's {@code SentimentEvent}s go to (default sentiment-shadow)
 * @param comparisonTopic topic the paired comparisons' {@code ModelComparison}s go to (default comparison)
 * @param deadLetterTopic topic the {@code DeadLetter}s go to (default dead-letters)
 * @param modelsTopic topic of {@code ModelCommand}s the scorer follows: champion, challenger, retired (default
 *     models; docs/lifecycle.md)
 * @param groupId consumer group of the sources (default sentiment-job)
 * @param modelDir the SavedModel directory written by {@code ./sentiment train} (default models/imdb)
 * @param modelThreads TensorFlow intra-op threads per scoring subtask (default 1)
 * @param batchSize reviews per model call at most, {@code batch.size} (default 256)
 * @param batchMaxWait how long the oldest review of a batch may wait, {@code batch.max-wait} (default 20 ms)
 * @param textMaxChars longer texts are cut to this many characters and flagged, {@code text.max-chars}
 *     (default 20,000: the longest IMDB review has 13,704)
 * @param reviewIdMaxBytes reviews and labels whose review id is longer in UTF-8 are dead-lettered (ID_TOO_LONG):
 *     a sentiment record carries the id twice and must fit the producer's {@code max.request.size} and the output
 *     topics' {@code max.message.bytes} (default 1,024)
 * @param window size of the tumbling event-time accuracy windows (default 1 min)
 * @param labelsMaxDelay how long in event time a prediction waits for its label and a label for its prediction,
 *     {@code labels.max-delay}; windows are final this long after they end (default 1 min)
 * @param outOfOrderness bounded out-of-orderness of event times, for watermarks (default 2 s)
 * @param maxFutureSkew records whose event or label time is further ahead of the wall clock are dead-lettered
 *     (EVENT_TIME_IN_FUTURE): they would push their partition's watermark into the future (default 10 min)
 * @param idleness a source partition without records for this long lets its watermark follow the wall clock
 *     (now - out-of-orderness), so windows close while the stream is quiet (default 5 s)
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
        RecordFormat reviewsFormat,
        RecordFormat labelsFormat,
        String schemaRegistryUrl,
        Path writerSchemas,
        String sentimentTopic,
        String accuracyTopic,
        String shadowTopic,
        String comparisonTopic,
        String deadLetterTopic,
        String modelsTopic,
        String groupId,
        Path modelDir,
        int modelThreads,
        int batchSize,
        Duration batchMaxWait,
        int textMaxChars,
        int reviewIdMaxBytes,
        Duration window,
        Duration labelsMaxDelay,
        Duration outOfOrderness,
        Duration maxFutureSkew,
        Duration idleness,
        DeliveryGuarantee deliveryGuarantee,
        Duration checkpointInterval,
        Duration transactionTimeout,
        int parallelism,
        Path kafkaProperties,
        boolean bounded) implements Serializable {

    /**
     * Mutable twin of {@link JobConfig} holding the defaults: {@link JobOptions} fills it from {@code --flags}
     * ({@code ./sentiment job}, the shaded jar's main), tests set its fields directly.
     */
    public static final class Builder {
        public String bootstrapServers = "localhost:9092";
        public String reviewsTopic = "reviews";
        public String labelsTopic = "labels";
        public RecordFormat reviewsFormat = RecordFormat.AVRO;
        public RecordFormat labelsFormat = RecordFormat.AVRO;
        public String schemaRegistryUrl = null;
        public Path writerSchemas = null;
        public String sentimentTopic = "sentiment";
        public String accuracyTopic = "accuracy";
        public String shadowTopic = "sentiment-shadow";
        public String comparisonTopic = "comparison";
        public String deadLetterTopic = "dead-letters";
        public String modelsTopic = "models";
        public String groupId = "sentiment-job";
        public Path modelDir = Path.of("models/imdb");
        public int modelThreads = 1;
        public int batchSize = 256;
        public Duration batchMaxWait = Duration.ofMillis(20);
        public int textMaxChars = 20_000;
        public int reviewIdMaxBytes = 1024;
        public Duration window = Duration.ofMinutes(1);
        public Duration labelsMaxDelay = Duration.ofMinutes(1);
        public Duration outOfOrderness = Duration.ofSeconds(2);
        public Duration maxFutureSkew = Duration.ofMinutes(10);
        public Duration idleness = Duration.ofSeconds(5);
        public DeliveryGuarantee deliveryGuarantee = DeliveryGuarantee.EXACTLY_ONCE;
        public Duration checkpointInterval = Duration.ofSeconds(10);
        public Duration transactionTimeout = Duration.ofMinutes(5);
        public int parallelism = 0;
        public Path kafkaProperties = null;
        public boolean bounded = false;

        /**
         * Names the output and models topics after {@code run} ({@code run-sentiment}, {@code run-sentiment-shadow},
         * {@code run-accuracy}, {@code run-comparison}, {@code run-dead-letters}, {@code run-models}): runs that share
         * a broker, as the tests and the bench do, then never read each other's results.
         */
        public Builder outputTopicsOf(String run) {
            sentimentTopic = run + "-sentiment";
            shadowTopic = run + "-sentiment-shadow";
            accuracyTopic = run + "-accuracy";
            comparisonTopic = run + "-comparison";
            deadLetterTopic = run + "-dead-letters";
            modelsTopic = run + "-models";
            return this;
        }

        public JobConfig build() {
            return new JobConfig(bootstrapServers, reviewsTopic, labelsTopic, reviewsFormat, labelsFormat,
                    schemaRegistryUrl, writerSchemas, sentimentTopic, accuracyTopic, shadowTopic, comparisonTopic,
                    deadLetterTopic, modelsTopic, groupId, modelDir, modelThreads, batchSize, batchMaxWait,
                    textMaxChars,
                    reviewIdMaxBytes, window,
                    labelsMaxDelay, outOfOrderness, maxFutureSkew, idleness, deliveryGuarantee, checkpointInterval,
                    transactionTimeout, parallelism, kafkaProperties, bounded);
        }
    }

    /** What the topics' formats need: the registry and the writer schemas (read now, so workers need no files). */
    public FormatOptions formatOptions() {
        return FormatOptions.of(schemaRegistryUrl, clientProperties(), writerSchemas);
    }

    /** The Kafka client properties from {@link #kafkaProperties}, empty when none is set. */
    public Properties clientProperties() {
        return ClientProperties.load(kafkaProperties);
    }
}
