package org.sentimentstream.job;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.sentimentstream.job.batch.ReviewBatch;
import org.sentimentstream.job.batch.ReviewBatcher;
import org.sentimentstream.job.ingest.DeadLetters;
import org.sentimentstream.job.ingest.Decoded;
import org.sentimentstream.job.ingest.LabelEvent;
import org.sentimentstream.job.ingest.Rejected;
import org.sentimentstream.job.ingest.ReviewEvent;
import org.sentimentstream.job.ingest.WallClockWatermarks;
import org.sentimentstream.job.join.JoinOutcome;
import org.sentimentstream.job.join.LabelJoin;
import org.sentimentstream.job.score.ModelCommandEvent;
import org.sentimentstream.job.score.ScoredBatch;
import org.sentimentstream.job.score.ScoredReview;
import org.sentimentstream.job.score.ScoringOperator;
import org.sentimentstream.job.score.SentimentScorer;
import org.sentimentstream.job.window.AccuracyWindow;
import org.sentimentstream.job.window.ComparisonReport;
import org.sentimentstream.job.window.OutcomeTally;
import org.sentimentstream.job.window.WindowReport;
import org.sentimentstream.job.window.WindowTally;
import org.sentimentstream.model.ModelMetadata;

import java.time.Duration;

/**
 * Wires the job: reviews → {@link ReviewBatcher} → {@link SentimentScorer} (following the model commands) → the
 * champion's predictions to the sentiment sink, the challenger's to the shadow sink; both with labels →
 * {@link LabelJoin} → {@link OutcomeTally} (per subtask) → {@link AccuracyWindow} (per model and role, and per
 * champion-challenger pair) → accuracy and comparison sinks; rejected input and rejected models → dead-letter sink.
 * Sources and sinks are parameters: the topology knows nothing of Kafka, which
 * {@link org.sentimentstream.job.kafka.KafkaSentimentJob} wires it to.
 */
public final class SentimentJob {
    private SentimentJob() {}

    /** The inputs: decoded reviews, labels and model commands. */
    public record Sources(Source<Decoded<ReviewEvent>, ?, ?> reviews, Source<Decoded<LabelEvent>, ?, ?> labels,
            Source<Decoded<ModelCommandEvent>, ?, ?> models) {}

    /** The outputs. */
    public record Sinks(Sink<ScoredReview> sentiment, Sink<ScoredReview> shadow, Sink<WindowReport> accuracy,
            Sink<ComparisonReport> comparison, Sink<Rejected> deadLetters) {}

    /**
     * Checkpointing and recovery: checkpoints every {@code checkpoint-interval} (exactly-once mode unless the
     * delivery guarantee is weaker), and on failure restarts with exponential backoff from 1 s up to 10 s, without
     * limit, so a broker outage or a lost task manager is ridden out rather than fatal; a model that cannot serve
     * fails the job at once instead (see {@link SentimentScorer}).
     */
    public static void configureEnvironment(StreamExecutionEnvironment env, JobConfig config) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofSeconds(10));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, Integer.MAX_VALUE);
        env.configure(conf);
        env.enableCheckpointing(config.checkpointInterval().toMillis(),
                config.deliveryGuarantee() == DeliveryGuarantee.EXACTLY_ONCE
                        ? CheckpointingMode.EXACTLY_ONCE
                        : CheckpointingMode.AT_LEAST_ONCE);
    }

    /**
     * Adds the job to {@code env}, scoring with {@code scorer}: a {@link SentimentScorer}, or in the bench's
     * passthrough a scorer without a model, everything else unchanged. The model commands reach every scoring
     * subtask (a broadcast input).
     */
    public static void build(StreamExecutionEnvironment env, JobConfig config, Sources sources, Sinks sinks,
            ScoringOperator scorer) {
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        env.getConfig().enableObjectReuse(); // every record type is immutable
        if (config.parallelism() > 0) {
            env.setParallelism(config.parallelism());
        }
        String modelVersion = ModelMetadata.read(config.modelDir()).modelVersion();

        SingleOutputStreamOperator<ReviewEvent> reviews = env
                .fromSource(sources.reviews(), watermarks(config), "reviews")
                .process(new DeadLetters<ReviewEvent>(), TypeInformation.of(ReviewEvent.class))
                .name("decode reviews").uid("decode-reviews");
        SingleOutputStreamOperator<LabelEvent> labels = env
                .fromSource(sources.labels(), watermarks(config), "labels")
                .process(new DeadLetters<LabelEvent>(), TypeInformation.of(LabelEvent.class))
                .name("decode labels").uid("decode-labels");

        // one partition, read in order by one reader: every scoring subtask sees the commands in the order issued
        SingleOutputStreamOperator<ModelCommandEvent> commands = env
                .fromSource(sources.models(), WatermarkStrategy.noWatermarks(), "models").setParallelism(1)
                .process(new DeadLetters<ModelCommandEvent>(), TypeInformation.of(ModelCommandEvent.class))
                .setParallelism(1).name("decode model commands").uid("decode-models");

        SingleOutputStreamOperator<ScoredBatch> batches = reviews
                .transform("batch reviews", TypeInformation.of(ReviewBatch.class),
                        new ReviewBatcher(config.batchSize(), config.batchMaxWait().toMillis()))
                .uid("batch-reviews")
                .connect(commands.broadcast())
                .transform("score", TypeInformation.of(ScoredBatch.class), scorer)
                .uid("score");
        DataStream<ScoredReview> scored = batches
                .flatMap((ScoredBatch batch, Collector<ScoredReview> out) -> batch.reviews().forEach(out::collect))
                .returns(ScoredReview.class)
                .name("unbatch").uid("unbatch");
        scored.sinkTo(sinks.sentiment()).name("sentiment sink").uid("sentiment-sink");
        DataStream<ScoredReview> shadow = batches
                .flatMap((ScoredBatch batch, Collector<ScoredReview> out) -> batch.shadow().forEach(out::collect))
                .returns(ScoredReview.class)
                .name("unbatch shadow").uid("unbatch-shadow");
        shadow.sinkTo(sinks.shadow()).name("shadow sink").uid("shadow-sink");

        SingleOutputStreamOperator<WindowReport> accuracy = scored.union(shadow)
                .keyBy(ScoredReview::reviewId)
                .connect(labels.keyBy(LabelEvent::reviewId))
                .transform("join labels", TypeInformation.of(JoinOutcome.class),
                        new LabelJoin(config.labelsMaxDelay().toMillis(), modelVersion))
                .uid("join-labels")
                .transform("tally outcomes", TypeInformation.of(WindowTally.class),
                        new OutcomeTally(config.window().toMillis()))
                .uid("tally-outcomes")
                .keyBy(WindowTally::series)
                .process(new AccuracyWindow(config.window().toMillis(), config.labelsMaxDelay().toMillis()),
                        TypeInformation.of(WindowReport.class))
                .name("accuracy windows").uid("accuracy-windows");
        accuracy.sinkTo(sinks.accuracy()).name("accuracy sink").uid("accuracy-sink");
        accuracy.getSideOutput(AccuracyWindow.COMPARISONS)
                .sinkTo(sinks.comparison()).name("comparison sink").uid("comparison-sink");

        reviews.getSideOutput(DeadLetters.TAG)
                .union(labels.getSideOutput(DeadLetters.TAG), commands.getSideOutput(DeadLetters.TAG),
                        batches.getSideOutput(DeadLetters.TAG))
                .sinkTo(sinks.deadLetters()).name("dead-letter sink").uid("dead-letter-sink");
    }

    private static <T> WatermarkStrategy<Decoded<T>> watermarks(JobConfig config) {
        long outOfOrderness = config.outOfOrderness().toMillis();
        long idleness = config.idleness().toMillis();
        return WatermarkStrategy.<Decoded<T>>forGenerator(
                        context -> new WallClockWatermarks<>(outOfOrderness, idleness, System::currentTimeMillis,
                                context.getInputActivityClock()::relativeTimeMillis))
                .withTimestampAssigner((decoded, kafkaTimestamp) -> decoded.timestamp());
    }
}
