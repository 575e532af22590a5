package org.sentimentstream.sql;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.time.Duration;

/** The {@code WITH} options of a {@code sentiment-tensorflow} model, with their defaults. */
public final class ModelOptions {
    /** The provider's identifier, the value of {@code 'provider'}. */
    public static final String PROVIDER = "sentiment-tensorflow";

    public static final ConfigOption<String> MODEL_DIR = ConfigOptions.key("model-dir").stringType()
            .noDefaultValue()
            .withDescription("The SavedModel directory written by ./sentiment train, on every task manager.");

    public static final ConfigOption<Integer> BATCH_SIZE = ConfigOptions.key("batch.size").intType()
            .defaultValue(256)
            .withDescription("Async only: rows per model call at most; a batch also closes when the async "
                    + "operator's max-concurrent-operations rows wait.");

    public static final ConfigOption<Duration> BATCH_MAX_WAIT = ConfigOptions.key("batch.max-wait").durationType()
            .defaultValue(Duration.ofMillis(20))
            .withDescription("Async only: how long the first row of a batch waits for more before it is scored.");

    public static final ConfigOption<Integer> THREADS = ConfigOptions.key("threads").intType()
            .defaultValue(1)
            .withDescription("Async only: batches scored at once per subtask, each by its own copy of the model "
                    + "on its own thread.");

    /** Flink's session-wide bound on the rows in flight in an async ML_PREDICT (Flink's default: 10). */
    static final ConfigOption<Integer> SESSION_MAX_CONCURRENT_OPERATIONS =
            ConfigOptions.key("table.exec.async-ml-predict.max-concurrent-operations").intType().defaultValue(10);

    /** The same bound for one ML_PREDICT call, from its {@code MAP[...]} argument. */
    static final ConfigOption<Integer> MAX_CONCURRENT_OPERATIONS =
            ConfigOptions.key("max-concurrent-operations").intType().noDefaultValue();

    private ModelOptions() {}
}
