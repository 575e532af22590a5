package org.sentimentstream.job.testutils;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.sentimentstream.job.JobConfig;
import org.sentimentstream.job.SentimentJob;
import org.sentimentstream.job.kafka.EmbeddedKafkaBroker;
import org.sentimentstream.job.kafka.KafkaConnectors;
import org.sentimentstream.schemas.AccuracyReport;
import org.sentimentstream.schemas.AvroDecodeException;
import org.sentimentstream.schemas.AvroSerde;
import org.sentimentstream.schemas.DeadLetter;
import org.sentimentstream.schemas.SentimentEvent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The job against the embedded broker, as the integration tests run it, and what it wrote, read back. */
public final class PipelineRun {
    private PipelineRun() {}

    /** What the job published, read as a read_committed consumer. */
    public record Outputs(List<SentimentEvent> sentiment, List<AccuracyReport> reports, List<DeadLetter> deadLetters) {

        public List<AccuracyReport> finalReports() {
            return reports.stream().filter(AccuracyReport::getFinal$).toList();
        }

        public long finalSum(Function<AccuracyReport, Long> field) {
            return finalReports().stream().mapToLong(field::apply).sum();
        }
    }

    /** Test settings: parallelism 2, batches of 64, checkpoints every 500 ms, 10 s windows, bounded. */
    public static JobConfig.Builder config(EmbeddedKafkaBroker kafka, Path modelDir) {
        JobConfig.Builder b = JobConfig.defaults().toBuilder();
        b.bootstrapServers = kafka.bootstrapServers();
        b.modelDir = modelDir;
        b.window = Duration.ofSeconds(10);
        b.labelsMaxDelay = Duration.ofSeconds(5);
        b.parallelism = 2;
        b.batchSize = 64;
        b.checkpointInterval = Duration.ofMillis(500);
        b.bounded = true;
        return b;
    }

    /** Reviews and labels with two partitions each, the outputs with one. */
    public static void createTopics(EmbeddedKafkaBroker kafka, JobConfig config) {
        kafka.createTopics(2, List.of(config.reviewsTopic(), config.labelsTopic()));
        kafka.createTopics(1, List.of(config.sentimentTopic(), config.accuracyTopic(), config.deadLetterTopic()));
    }

    /** Builds the job in the current (MiniCluster) environment. */
    public static StreamExecutionEnvironment environment(JobConfig config) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SentimentJob.configureEnvironment(env, config);
        SentimentJob.build(env, config, KafkaConnectors.sources(config), KafkaConnectors.sinks(config));
        return env;
    }

    /** Runs a bounded job to its end. */
    public static void runBounded(JobConfig config) throws Exception {
        environment(config).execute("sentiment-it");
    }

    public static Outputs read(JobConfig config) throws AvroDecodeException {
        return new Outputs(decode(config, config.sentimentTopic(), AvroSerde.of(SentimentEvent.class)),
                decode(config, config.accuracyTopic(), AvroSerde.of(AccuracyReport.class)),
                decode(config, config.deadLetterTopic(), AvroSerde.of(DeadLetter.class)));
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> List<T> decode(JobConfig config, String topic,
            AvroSerde<T> serde) throws AvroDecodeException {
        List<T> records = new ArrayList<>();
        for (var record : TopicReader.readAll(config.bootstrapServers(), topic)) {
            records.add(serde.deserialize(record.value()));
        }
        return records;
    }
}
