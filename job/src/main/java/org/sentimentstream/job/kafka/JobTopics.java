package org.sentimentstream.job.kafka;

import org.apache.kafka.common.config.TopicConfig;
import org.sentimentstream.job.JobConfig;
import org.sentimentstream.job.ingest.RecordLimits;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job's eight topics with the settings they should have on any Kafka ({@code ./sentiment topics create}, the
 * compose stack; k8s/base/kafka/topics.yaml is checked against them). Inputs keep a week, so a job restored from an
 * older savepoint can replay them; inputs take any record a dead letter keeps whole and any review whose text is as
 * long as the job reads; outputs take every record the job's producers accept ({@code max.request.size}).
 */
public final class JobTopics {
    /** How long inputs and accuracy reports stay: a job restored from a week-old savepoint can still replay. */
    public static final Duration INPUT_RETENTION = Duration.ofDays(7);
    /** How long sentiment events stay: consumers that fall behind by a weekend can catch up. */
    public static final Duration SENTIMENT_RETENTION = Duration.ofDays(3);
    /** How long dead letters stay: long enough to notice, fix the producer and replay them. */
    public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(30);
    /** Every accuracy report stays readable this long before compaction may keep only the latest per key. */
    public static final Duration ACCURACY_COMPACTION_LAG = Duration.ofDays(1);
    /** A model command stays as long as the topic: a job started afresh replays every command to find its set. */
    public static final Duration MODELS_RETENTION = Duration.ofMillis(-1);
    /** Room in a review for its id, source and metadata beside the text. */
    static final int REVIEW_FIELDS_BYTES = 64 * 1024;
    /** UTF-8 bytes per Java char at most (a char outside the BMP is two chars, four bytes). */
    static final int UTF8_BYTES_PER_CHAR = 3;

    private JobTopics() {}

    /** A topic to create: its name, partitions and topic-level configs. */
    public record Topic(String name, int partitions, Map<String, String> configs) {
        public Topic {
            configs = Map.copyOf(configs);
        }
    }

    /**
     * The eight topics named as {@code config} names them; every topic but accuracy, comparison and models gets
     * {@code partitions}, those three one (a single partition keeps every report, every command, in order for every
     * reader).
     */
    public static List<Topic> of(JobConfig config, int partitions) {
        String outputLimit = String.valueOf(RecordLimits.maxRequestSize(config.clientProperties()));
        String inputLimit = String.valueOf(inputRecordLimit(config.textMaxChars()));
        return List.of(
                new Topic(config.reviewsTopic(), partitions, settings(TopicConfig.CLEANUP_POLICY_DELETE,
                        INPUT_RETENTION, inputLimit)),
                new Topic(config.labelsTopic(), partitions, settings(TopicConfig.CLEANUP_POLICY_DELETE,
                        INPUT_RETENTION, String.valueOf(RecordLimits.MAX_KEPT_VALUE_BYTES))),
                new Topic(config.sentimentTopic(), partitions, settings(TopicConfig.CLEANUP_POLICY_DELETE,
                        SENTIMENT_RETENTION, outputLimit)),
                new Topic(config.shadowTopic(), partitions, settings(TopicConfig.CLEANUP_POLICY_DELETE,
                        SENTIMENT_RETENTION, outputLimit)),
                new Topic(config.accuracyTopic(), 1, accuracy(outputLimit)),
                new Topic(config.comparisonTopic(), 1, accuracy(outputLimit)),
                new Topic(config.deadLetterTopic(), partitions, settings(TopicConfig.CLEANUP_POLICY_DELETE,
                        DEAD_LETTER_RETENTION, outputLimit)),
                new Topic(config.modelsTopic(), 1, settings(TopicConfig.CLEANUP_POLICY_DELETE, MODELS_RETENTION,
                        String.valueOf(RecordLimits.MAX_KEPT_VALUE_BYTES))));
    }

    /**
     * Reports are keyed by their series (model version and role, or the compared pair): compaction keeps the latest
     * report per key in the segments it cleans, the lag keeps every revision of every window readable for a day
     * first, and deletion ends the rest.
     */
    private static Map<String, String> accuracy(String recordLimit) {
        Map<String, String> configs = settings(TopicConfig.CLEANUP_POLICY_COMPACT + ","
                + TopicConfig.CLEANUP_POLICY_DELETE, INPUT_RETENTION, recordLimit);
        configs.put(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, String.valueOf(ACCURACY_COMPACTION_LAG.toMillis()));
        return configs;
    }

    private static Map<String, String> settings(String cleanupPolicy, Duration retention, String recordLimit) {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy);
        configs.put(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retention.toMillis()));
        configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, recordLimit);
        return configs;
    }

    /**
     * The topics the job writes or follows, every one but its two inputs: what a test or a local run creates with one
     * partition.
     */
    public static List<String> outputsAndModels(JobConfig config) {
        return List.of(config.sentimentTopic(), config.shadowTopic(), config.accuracyTopic(),
                config.comparisonTopic(), config.deadLetterTopic(), config.modelsTopic());
    }

    /**
     * The largest input record a topic should take: a review whose text has {@code textMaxChars} characters of any
     * script, and never less than what a dead letter keeps whole.
     */
    static int inputRecordLimit(int textMaxChars) {
        long review = (long) textMaxChars * UTF8_BYTES_PER_CHAR + REVIEW_FIELDS_BYTES;
        return (int) Math.min(Integer.MAX_VALUE, Math.max(RecordLimits.MAX_KEPT_VALUE_BYTES, review));
    }
}
