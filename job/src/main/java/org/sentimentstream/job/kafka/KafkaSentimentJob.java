package org.sentimentstream.job.kafka;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.sentimentstream.job.JobConfig;
import org.sentimentstream.job.SentimentJob;
import org.sentimentstream.job.score.ScoringOperator;
import org.sentimentstream.job.score.SentimentScorer;

/**
 * The job as every launcher defines it (the shaded jar's main, {@code job}, {@code demo}, {@code soak}, the bench and
 * the integration tests): {@link SentimentJob}'s checkpointing and restarts, and its topology wired to the Kafka
 * topics of the config.
 */
public final class KafkaSentimentJob {
    private KafkaSentimentJob() {}

    /** Defines the job in {@code env}, scoring with the model in {@link JobConfig#modelDir()}. */
    public static void define(StreamExecutionEnvironment env, JobConfig config) {
        define(env, config, new SentimentScorer(config.modelDir(), config.modelThreads()));
    }

    /** Defines the job in {@code env} with another scorer in the model's place (the bench's passthrough). */
    public static void define(StreamExecutionEnvironment env, JobConfig config, ScoringOperator scorer) {
        SentimentJob.configureEnvironment(env, config);
        SentimentJob.build(env, config, KafkaConnectors.sources(config), KafkaConnectors.sinks(config), scorer);
    }
}
