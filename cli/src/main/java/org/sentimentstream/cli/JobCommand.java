package org.sentimentstream.cli;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.sentimentstream.job.JobConfig;
import org.sentimentstream.job.kafka.JobTopics;
import org.sentimentstream.job.kafka.KafkaSentimentJob;
import org.sentimentstream.job.restarts.RestartLogging;
import org.sentimentstream.local.FreePort;
import org.sentimentstream.local.LocalCheckpoints;
import org.sentimentstream.local.PrometheusExport;
import org.sentimentstream.model.SentimentModel;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code ./sentiment job}: the streaming job on a local Flink against an existing Kafka. */
@Command(name = "job", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the streaming job on a local Flink against an existing Kafka: reviews in, sentiment, "
                + "accuracy reports and dead letters out. Runs until stopped (or, with --bounded, until the input "
                + "present at start is processed). Each failure of the job is logged with its cause.")
final class JobCommand implements Callable<Integer> {
    /** The job's name on the cluster, in the web UI and in Prometheus' job_name label. */
    static final String JOB_NAME = "sentiment-stream";

    @ParentCommand
    SentimentCli cli;

    final JobConfig.Builder options = new JobConfig.Builder();

    @Spec
    void addJobOptions(CommandSpec spec) {
        JobFlags.addAll(spec, options);
    }

    @Option(names = "--prometheus-port", paramLabel = "PORT[-PORT]",
            description = "Serve the job's metrics for Prometheus at http://HOST:PORT/metrics, on the first free port "
                    + "of the range (default: ${DEFAULT-VALUE}).")
    String prometheusPort = PrometheusExport.DEFAULT_PORTS;

    @Option(names = "--web-port", paramLabel = "PORT[-PORT]",
            description = "Serve Flink's web UI and REST API at http://HOST:PORT, on the first free port of the range "
                    + "(default: ${DEFAULT-VALUE}).")
    String webPort = "8081-8099";

    @Override
    public Integer call() throws Exception {
        JobConfig config = options.build();
        try (SentimentModel model = SentimentModel.load(config.modelDir())) {
            System.err.println("model " + model.metadata().modelVersion() + " passed its golden check");
        }
        KafkaCheck.topicsExist(config.bootstrapServers(), config.clientProperties(),
                Stream.concat(Stream.of(config.reviewsTopic(), config.labelsTopic()),
                        JobTopics.outputsAndModels(config).stream()).toList());
        int web = FreePort.firstFreeIn(webPort);
        int metrics = FreePort.firstFreeIn(prometheusPort);
        Configuration cluster = PrometheusExport.reporter(String.valueOf(metrics));
        cluster.set(RestOptions.BIND_PORT, String.valueOf(web));
        try (LocalCheckpoints checkpoints = LocalCheckpoints.create()) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                    checkpoints.applyTo(cluster));
            KafkaSentimentJob.define(env, config);
            URI ui = URI.create("http://localhost:" + web);
            env.registerJobListener(new RestartLogging(ui, JOB_NAME, cli.verbose()));
            System.err.println("job running: " + config.reviewsTopic() + " + " + config.labelsTopic() + " -> "
                    + config.sentimentTopic() + ", " + config.accuracyTopic() + ", " + config.deadLetterTopic());
            System.err.println("Flink web UI: " + ui + "  metrics: http://localhost:" + metrics + "/metrics");
            env.execute(JOB_NAME);
        }
        return 0;
    }
}
