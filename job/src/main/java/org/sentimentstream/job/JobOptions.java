package org.sentimentstream.job;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.sentimentstream.schemas.RecordFormat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The job's command-line options, one per {@link JobConfig} setting: its flag, value label, help line, and how its
 * value is read into a {@link JobConfig.Builder}. The job jar's main parses them here ({@link #parse}); the CLI binds
 * the same table to its own parser, so a setting is declared once and the job jar needs no parsing library.
 */
public final class JobOptions {
    /**
     * One option.
     *
     * @param flag the long flag, {@code --batch-size}
     * @param label the value's placeholder in the help, or null for a switch (no value)
     * @param description one help line, without the default
     * @param apply reads the value (the text after the flag, or "true" for a switch) into a builder; a value it
     *     cannot read is an {@link IllegalArgumentException} saying why
     * @param value the option's value in a builder, for its default
     */
    public record JobOption(String flag, String label, String description,
            BiConsumer<JobConfig.Builder, String> apply, Function<JobConfig.Builder, Object> value) {

        /** Whether the flag stands alone (no value follows). */
        public boolean isSwitch() {
            return label == null;
        }

        /** The default as a user would write it ({@code 20ms}, {@code avro}), or null when there is none. */
        public String defaultText() {
            Object v = value.apply(new JobConfig.Builder());
            if (v == null || isSwitch()) {
                return null;
            }
            return v instanceof Duration d ? Durations.format(d) : v.toString();
        }

        /** The help line with the default in it: {@code Job parallelism (default: 0).} */
        public String help() {
            String def = defaultText();
            return def == null ? description
                    : description.replaceAll("\\.$", "") + " (default: " + def + ").";
        }

        /** Reads {@code text} into {@code builder}; an unreadable value fails naming this flag. */
        public void applyTo(JobConfig.Builder builder, String text) {
            try {
                apply.accept(builder, text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(flag + ": " + e.getMessage(), e);
            }
        }
    }

    public static final List<JobOption> ALL = List.of(
            text("--bootstrap-servers", "HOST:PORT", "Kafka bootstrap servers.",
                    (b, v) -> b.bootstrapServers = v, b -> b.bootstrapServers),
            text("--reviews-topic", "TOPIC", "Topic of Review records.",
                    (b, v) -> b.reviewsTopic = v, b -> b.reviewsTopic),
            text("--labels-topic", "TOPIC", "Topic of ReviewLabel records.",
                    (b, v) -> b.labelsTopic = v, b -> b.labelsTopic),
            new JobOption("--reviews-format", "FORMAT", "Format of the reviews topic: avro (single-object encoding), "
                    + "confluent-avro or json.", (b, v) -> b.reviewsFormat = RecordFormat.parse(v.trim()),
                    b -> b.reviewsFormat),
            new JobOption("--labels-format", "FORMAT", "Format of the labels topic: avro, confluent-avro or json.",
                    (b, v) -> b.labelsFormat = RecordFormat.parse(v.trim()), b -> b.labelsFormat),
            text("--schema-registry-url", "URL", "Confluent-compatible schema registry for confluent-avro topics; "
                    + "basic auth from basic.auth.user.info in --kafka-properties.",
                    (b, v) -> b.schemaRegistryUrl = v, b -> b.schemaRegistryUrl),
            path("--writer-schemas", "DIR", "Directory of .avsc schemas that avro topics may also be written with "
                    + "(evolved schemas), resolved to ours.", (b, v) -> b.writerSchemas = v, b -> b.writerSchemas),
            text("--sentiment-topic", "TOPIC", "Topic for SentimentEvent records.",
                    (b, v) -> b.sentimentTopic = v, b -> b.sentimentTopic),
            text("--accuracy-topic", "TOPIC", "Topic for AccuracyReport records.",
                    (b, v) -> b.accuracyTopic = v, b -> b.accuracyTopic),
            text("--shadow-topic", "TOPIC", "Topic for the challenger's SentimentEvent records, scored in shadow "
                    + "on the same reviews.", (b, v) -> b.shadowTopic = v, b -> b.shadowTopic),
            text("--comparison-topic", "TOPIC", "Topic for ModelComparison records: champion and challenger paired "
                    + "per window, with McNemar's p-value.", (b, v) -> b.comparisonTopic = v, b -> b.comparisonTopic),
            text("--dead-letter-topic", "TOPIC", "Topic for DeadLetter records.",
                    (b, v) -> b.deadLetterTopic = v, b -> b.deadLetterTopic),
            text("--models-topic", "TOPIC", "Topic of ModelCommand records: models to serve as champion or "
                    + "challenger, or to retire; --model-dir is the champion until one says otherwise.",
                    (b, v) -> b.modelsTopic = v, b -> b.modelsTopic),
            text("--group-id", "ID", "Consumer group, also the transactional id prefix.",
                    (b, v) -> b.groupId = v, b -> b.groupId),
            path("--model-dir", "DIR", "Model written by ./sentiment train.",
                    (b, v) -> b.modelDir = v, b -> b.modelDir),
            number("--model-threads", "TensorFlow intra-op threads per scoring subtask.",
                    (b, v) -> b.modelThreads = v, b -> b.modelThreads),
            number("--batch-size", "batch.size: reviews per model call at most.",
                    (b, v) -> b.batchSize = v, b -> b.batchSize),
            duration("--batch-max-wait", "batch.max-wait: longest wait of a batch's oldest review.",
                    (b, v) -> b.batchMaxWait = v, b -> b.batchMaxWait),
            number("--text-max-chars", "text.max-chars: longer texts are cut and flagged.",
                    (b, v) -> b.textMaxChars = v, b -> b.textMaxChars),
            number("--review-id-max-bytes", "Longer review ids (UTF-8) are dead-lettered as ID_TOO_LONG.",
                    (b, v) -> b.reviewIdMaxBytes = v, b -> b.reviewIdMaxBytes),
            duration("--window", "Tumbling event-time accuracy window.", (b, v) -> b.window = v, b -> b.window),
            duration("--labels-max-delay", "labels.max-delay: how long a prediction waits for its label, in event "
                    + "time; windows are final this long after their end.",
                    (b, v) -> b.labelsMaxDelay = v, b -> b.labelsMaxDelay),
            duration("--out-of-orderness", "Bounded out-of-orderness of event times.",
                    (b, v) -> b.outOfOrderness = v, b -> b.outOfOrderness),
            duration("--max-future-skew", "Records timed further ahead of the clock are dead-lettered.",
                    (b, v) -> b.maxFutureSkew = v, b -> b.maxFutureSkew),
            duration("--idleness", "A partition silent this long lets its watermark follow the wall clock.",
                    (b, v) -> b.idleness = v, b -> b.idleness),
            new JobOption("--delivery-guarantee", "GUARANTEE", "EXACTLY_ONCE, AT_LEAST_ONCE or NONE.",
                    (b, v) -> b.deliveryGuarantee = guarantee(v), b -> b.deliveryGuarantee.name()),
            duration("--checkpoint-interval", "Checkpoint interval; exactly-once output is committed at this pace.",
                    (b, v) -> b.checkpointInterval = v, b -> b.checkpointInterval),
            duration("--transaction-timeout", "Kafka transaction timeout of the sinks, below the broker's "
                    + "transaction.max.timeout.ms.", (b, v) -> b.transactionTimeout = v, b -> b.transactionTimeout),
            number("--parallelism", "Job parallelism, 0 for Flink's default.",
                    (b, v) -> b.parallelism = v, b -> b.parallelism),
            path("--kafka-properties", "FILE", "Extra Kafka client properties (security.protocol, sasl.*, ssl.*) "
                    + "for every client.", (b, v) -> b.kafkaProperties = v, b -> b.kafkaProperties),
            new JobOption("--bounded", null, "Stop at the offsets that are latest when the job starts.",
                    (b, v) -> b.bounded = Boolean.parseBoolean(v), b -> b.bounded));

    private JobOptions() {}

    /** The option with this flag; an unknown flag is an {@link IllegalArgumentException}. */
    public static JobOption named(String flag) {
        return ALL.stream().filter(o -> o.flag().equals(flag)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown option " + flag));
    }

    /**
     * A builder with {@code args} applied over the defaults: {@code --flag value}, {@code --flag=value}, or a
     * switch alone. A mistake is an {@link IllegalArgumentException} in one line.
     */
    public static JobConfig.Builder parse(String... args) {
        JobConfig.Builder builder = new JobConfig.Builder();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int eq = arg.indexOf('=');
            JobOption option = named(eq > 0 ? arg.substring(0, eq) : arg);
            if (option.isSwitch()) {
                option.applyTo(builder, eq > 0 ? arg.substring(eq + 1) : "true");
            } else if (eq > 0) {
                option.applyTo(builder, arg.substring(eq + 1));
            } else if (i + 1 < args.length) {
                option.applyTo(builder, args[++i]);
            } else {
                throw new IllegalArgumentException(option.flag() + " needs a value (" + option.label() + ")");
            }
        }
        return builder;
    }

    /** Every option with its help line, for {@code --help}. */
    public static String usage() {
        List<String> lines = new ArrayList<>();
        for (JobOption option : ALL) {
            String left = option.isSwitch() ? option.flag() : option.flag() + " " + option.label();
            lines.add(String.format(Locale.ROOT, "  %-32s %s", left, option.help()));
        }
        return String.join(System.lineSeparator(), lines);
    }

    private static JobOption text(String flag, String label, String description,
            BiConsumer<JobConfig.Builder, String> apply, Function<JobConfig.Builder, Object> value) {
        return new JobOption(flag, label, description, apply, value);
    }

    private static JobOption path(String flag, String label, String description,
            BiConsumer<JobConfig.Builder, Path> apply, Function<JobConfig.Builder, Object> value) {
        return new JobOption(flag, label, description, (b, v) -> apply.accept(b, Path.of(v)), value);
    }

    private static JobOption number(String flag, String description, BiConsumer<JobConfig.Builder, Integer> apply,
            Function<JobConfig.Builder, Object> value) {
        return new JobOption(flag, "N", description, (b, v) -> apply.accept(b, integer(v)), value);
    }

    private static JobOption duration(String flag, String description, BiConsumer<JobConfig.Builder, Duration> apply,
            Function<JobConfig.Builder, Object> value) {
        return new JobOption(flag, "DURATION", description, (b, v) -> apply.accept(b, Durations.parse(v)), value);
    }

    private static int integer(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a whole number");
        }
    }

    private static DeliveryGuarantee guarantee(String value) {
        try {
            return DeliveryGuarantee.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + value + "' is not one of " + Arrays.stream(
                    DeliveryGuarantee.values()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }
}
