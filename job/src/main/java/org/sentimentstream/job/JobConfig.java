package org.sentimentstream.job;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.sentimentstream.job.kafka.ClientProperties;
import org.sentimentstream.schemas.FormatOptions;
import org.sentimentstream.schemas.RecordFormat;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import picocli.CommandLine.Option;

/**
 * Every setting of the job, in one typed place. The defaults below are what {@code ./sentiment job --help} prints.
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
     * Mutable twin of {@link JobConfig} holding the defaults, and the job's command-line options: picocli fills it
     * from {@code --flags} ({@code ./sentiment job}, the shaded jar's main), tests set its fields directly.
     */
    public static final class Builder {
        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
                description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
        public String bootstrapServers = "localhost:9092";
        @Option(names = "--reviews-topic", description = "Topic of Review records (default: ${DEFAULT-VALUE}).")
        public String reviewsTopic = "reviews";
        @Option(names = "--labels-topic", description = "Topic of ReviewLabel records (default: ${DEFAULT-VALUE}).")
        public String labelsTopic = "labels";
        @Option(names = "--reviews-format", converter = RecordFormatConverter.class, paramLabel = "FORMAT",
                description = "Format of the reviews topic: avro (single-object encoding), confluent-avro or json "
                        + "(default: ${DEFAULT-VALUE}).")
        public RecordFormat reviewsFormat = RecordFormat.AVRO;
        @Option(names = "--labels-format", converter = RecordFormatConverter.class, paramLabel = "FORMAT",
                description = "Format of the labels topic: avro, confluent-avro or json (default: ${DEFAULT-VALUE}).")
        public RecordFormat labelsFormat = RecordFormat.AVRO;
        @Option(names = "--schema-registry-url", paramLabel = "URL", description = "Confluent-compatible schema "
                + "registry for confluent-avro topics; basic auth from basic.auth.user.info in --kafka-properties.")
        public String schemaRegistryUrl = null;
        @Option(names = "--writer-schemas", paramLabel = "DIR", description = "Directory of .avsc schemas that avro "
                + "topics may also be written with (evolved schemas), resolved to ours.")
        public Path writerSchemas = null;
        @Option(names = "--sentiment-topic",
                description = "Topic for SentimentEvent records (default: ${DEFAULT-VALUE}).")
        public String sentimentTopic = "sentiment";
        @Option(names = "--accuracy-topic",
                description = "Topic for AccuracyReport records (default: ${DEFAULT-VALUE}).")
        public String accuracyTopic = "accuracy";
        @Option(names = "--shadow-topic", description = "Topic for the challenger's SentimentEvent records, scored in "
                + "shadow on the same reviews (default: ${DEFAULT-VALUE}).")
        public String shadowTopic = "sentiment-shadow";
        @Option(names = "--comparison-topic", description = "Topic for ModelComparison records: champion and "
                + "challenger paired per window, with McNemar's p-value (default: ${DEFAULT-VALUE}).")
        public String comparisonTopic = "comparison";
        @Option(names = "--dead-letter-topic",
                description = "Topic for DeadLetter records (default: ${DEFAULT-VALUE}).")
        public String deadLetterTopic = "dead-letters";
        @Option(names = "--models-topic", description = "Topic of ModelCommand records: models to serve as "
                + "champion or challenger, or to retire; --model-dir is the champion until one says otherwise "
                + "(default: ${DEFAULT-VALUE}).")
        public String modelsTopic = "models";
        @Option(names = "--group-id", description = "Consumer group, also the transactional id prefix "
                + "(default: ${DEFAULT-VALUE}).")
        public String groupId = "sentiment-job";
        @Option(names = "--model-dir", paramLabel = "DIR", description = "Model written by ./sentiment train "
                + "(default: ${DEFAULT-VALUE}).")
        public Path modelDir = Path.of("models/imdb");
        @Option(names = "--model-threads",
                description = "TensorFlow intra-op threads per scoring subtask (default: ${DEFAULT-VALUE}).")
        public int modelThreads = 1;
        @Option(names = "--batch-size", description = "batch.size: reviews per model call at most "
                + "(default: ${DEFAULT-VALUE}).")
        public int batchSize = 256;
        @Option(names = "--batch-max-wait", converter = DurationConverter.class, paramLabel = "DURATION",
                description = "batch.max-wait: longest wait of a batch's oldest review (default: 20ms).")
        public Duration batchMaxWait = Duration.ofMillis(20);
        @Option(names = "--text-max-chars", description = "text.max-chars: longer texts are cut and flagged "
                + "(default: ${DEFAULT-VALUE}).")
        public int textMaxChars = 20_000;
        @Option(names = "--review-id-max-bytes", description = "Longer review ids (UTF-8) are dead-lettered as "
                + "ID_TOO_LONG (default: ${DEFAULT-VALUE}).")
        public int reviewIdMaxBytes = 1024;
        @Option(names = "--window", converter = DurationConverter.class, paramLabel = "DURATION",
                description = "Tumbling event-time accuracy window (default: 1m).")
        public Duration window = Duration.ofMinutes(1);
        @Option(names = "--labels-max-delay", converter = DurationConverter.class, paramLabel = "DURATION",
                description = "labels.max-delay: how long a prediction waits for its label, in event time; "
                        + "windows are final this long after their end (default: 1m).")
        public Duration labelsMaxDelay = Duration.ofMinutes(1);
        @Option(names = "--out-of-orderness", converter = DurationConverter.class, paramLabel = "DURATION",
                description = "Bounded out-of-orderness of event times (default: 2s).")
        public Duration outOfOrderness = Duration.ofSeconds(2);
        @Option(names = "--max-future-skew", converter = DurationConverter.class, paramLabel = "DURATION",
                description = "Records timed further ahead of the clock are dead-lettered (default: 10m).")
        public Duration maxFutureSkew = Duration.ofMinutes(10);
        @Option(names = "--idleness", converter = DurationConverter.class, paramLabel = "DURATION",
                description = "A partition silent this long lets its watermark follow the wall clock (default: 5s).")
        public Duration idleness = Duration.ofSeconds(5);
        @Option(names = "--delivery-guarantee", description = "EXACTLY_ONCE, AT_LEAST_ONCE or NONE "
                + "(default: ${DEFAULT-VALUE}).")
        public DeliveryGuarantee deliveryGuarantee = DeliveryGuarantee.EXACTLY_ONCE;
        @Option(names = "--checkpoint-interval", converter = DurationConverter.class, paramLabel = "DURATION",
                description = "Checkpoint interval; exactly-once output is committed at this pace (default: 10s).")
        public Duration checkpointInterval = Duration.ofSeconds(10);
        @Option(names = "--transaction-timeout", converter = DurationConverter.class, paramLabel = "DURATION",
                description = "Kafka transaction timeout of the sinks, below the broker's "
                        + "transaction.max.timeout.ms (default: 5m).")
        public Duration transactionTimeout = Duration.ofMinutes(5);
        @Option(names = "--parallelism", description = "Job parallelism, 0 for Flink's default "
                + "(default: ${DEFAULT-VALUE}).")
        public int parallelism = 0;
        @Option(names = "--kafka-properties", paramLabel = "FILE",
                description = "Extra Kafka client properties (security.protocol, sasl.*, ssl.*) for every client.")
        public Path kafkaProperties = null;
        @Option(names = "--bounded", description = "Stop at the offsets that are latest when the job starts.")
        public boolean bounded = false;

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
