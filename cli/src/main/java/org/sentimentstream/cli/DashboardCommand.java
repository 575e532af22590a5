package org.sentimentstream.cli;

import org.sentimentstream.cli.dashboard.Dashboard;
import org.sentimentstream.cli.dashboard.DashboardTopics;
import org.sentimentstream.job.JobConfig;
import org.sentimentstream.schemas.RecordSerde;
import org.sentimentstream.schemas.Review;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;

/** {@code ./sentiment dashboard}: the live page, fed from the job's topics. */
@Command(name = "dashboard", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve a live page of the job's results, read from its topics: reviews scored per second, "
                + "share positive, windowed accuracy with its revisions, latency, dead letters and the latest "
                + "reviews. Runs until stopped.")
final class DashboardCommand implements Callable<Integer> {
    /** The job's options this command takes: where the job's topics are and how the reviews are written. */
    private static final List<String> JOB_OPTIONS = List.of("--bootstrap-servers", "--reviews-topic",
            "--reviews-format", "--schema-registry-url", "--writer-schemas", "--sentiment-topic", "--accuracy-topic",
            "--comparison-topic", "--dead-letter-topic", "--kafka-properties");

    final JobConfig.Builder job = new JobConfig.Builder();

    @Option(names = "--port", defaultValue = "8080",
            description = "HTTP port of the page, 0 for any free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
    String bind;

    @Spec
    void addJobOptions(CommandSpec spec) {
        JobFlags.add(spec, job, JOB_OPTIONS);
    }

    @Override
    public Integer call() throws Exception {
        JobConfig config = job.build();
        Properties client = config.clientProperties();
        DashboardTopics topics = new DashboardTopics(config.reviewsTopic(), config.sentimentTopic(),
                config.accuracyTopic(), config.comparisonTopic(), config.deadLetterTopic());
        KafkaCheck.topicsExist(config.bootstrapServers(), client, topics.all());
        RecordSerde<Review> reviews = config.reviewsFormat().serde(Review.class, config.reviewsTopic(),
                config.formatOptions());
        try (Dashboard dashboard = Dashboard.start(config.bootstrapServers(), client, topics, reviews,
                new InetSocketAddress(bind, port))) {
            System.err.println("dashboard: " + dashboard.url() + " (reading " + String.join(", ", topics.all())
                    + " on " + config.bootstrapServers() + "; Ctrl-C to stop)");
            dashboard.awaitStop();
        }
        return 0;
    }
}
