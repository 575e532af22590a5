package org.sentimentstream.cli;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.sentimentstream.job.kafka.KafkaSentimentJob;
import org.sentimentstream.job.JobConfig;
import org.sentimentstream.job.LocalCheckpoints;
import org.sentimentstream.job.PrometheusExport;
import org.sentimentstream.model.SentimentModel;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./sentiment job}: the streaming job on a local Flink against an existing Kafka. */
@Command(name = "job", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the streaming job on a local Flink against an existing Kafka: reviews in, sentiment, "
                + "accuracy reports and dead letters out. Runs until stopped (or, with --bounded, until the input "
                + "present at start is processed).")
final class JobCommand implements Callable<Integer> {
    @Mixin
    JobConfig.Builder options = new JobConfig.Builder();

    @Option(names = "--prometheus-port", paramLabel = "PORT[-PORT]",
            description = "Serve the job's metrics for Prometheus at http://HOST:PORT/metrics, on the first free port "
                    + "of the range (default: ${DEFAULT-VALUE}).")
    String prometheusPort = PrometheusExport.DEFAULT_PORTS;

    @Override
    public Integer call() throws Exception {
        JobConfig config = options.build();
        try (SentimentModel model = SentimentModel.load(config.modelDir())) {
            System.err.println("model " + model.metadata().modelVersion() + " passed its golden check");
        }
        KafkaCheck.topicsExist(config.bootstrapServers(), config.clientProperties(),
                List.of(config.reviewsTopic(), config.labelsTopic(), config.sentimentTopic(), config.accuracyTopic(),
                        config.deadLetterTopic()));
        try (LocalCheckpoints checkpoints = LocalCheckpoints.create()) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                    checkpoints.applyTo(PrometheusExport.reporter(prometheusPort)));
            KafkaSentimentJob.define(env, config);
            System.err.println("job running: " + config.reviewsTopic() + " + " + config.labelsTopic() + " -> "
                    + config.sentimentTopic() + ", " + config.accuracyTopic() + ", " + config.deadLetterTopic());
            env.execute("sentiment-stream");
        }
        return 0;
    }
}
