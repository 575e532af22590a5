package org.sentimentstream.cli;

import org.sentimentstream.cli.dashboard.Dashboard;
import org.sentimentstream.cli.dashboard.DashboardTopics;
import org.sentimentstream.job.RecordFormatConverter;
import org.sentimentstream.job.kafka.ClientProperties;
import org.sentimentstream.schemas.FormatOptions;
import org.sentimentstream.schemas.RecordFormat;
import org.sentimentstream.schemas.RecordSerde;
import org.sentimentstream.schemas.Review;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;

/** {@code ./sentiment dashboard}: the live page, fed from the job's topics. */
@Command(name = "dashboard", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve a live page of the job's results, read from its topics: reviews scored per second, "
                + "share positive, windowed accuracy with its revisions, latency, dead letters and the latest "
                + "reviews. Runs until stopped.")
final class DashboardCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = "localhost:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--port", defaultValue = "8080",
            description = "HTTP port of the page, 0 for any free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--reviews-topic", defaultValue = "reviews",
            description = "Topic of Review records, for the texts (default: ${DEFAULT-VALUE}).")
    String reviewsTopic;

    @Option(names = "--reviews-format", converter = RecordFormatConverter.class, defaultValue = "avro",
            paramLabel = "FORMAT", description = "Format of the reviews topic, as given to the job: avro, "
                    + "confluent-avro or json (default: ${DEFAULT-VALUE}).")
    RecordFormat reviewsFormat;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Schema registry of a confluent-avro reviews topic, as given to the job.")
    String schemaRegistryUrl;

    @Option(names = "--writer-schemas", paramLabel = "DIR",
            description = "Evolved .avsc schemas of an avro reviews topic, as given to the job.")
    Path writerSchemas;

    @Option(names = "--sentiment-topic", defaultValue = "sentiment",
            description = "Topic of SentimentEvent records (default: ${DEFAULT-VALUE}).")
    String sentimentTopic;

    @Option(names = "--accuracy-topic", defaultValue = "accuracy",
            description = "Topic of AccuracyReport records (default: ${DEFAULT-VALUE}).")
    String accuracyTopic;

    @Option(names = "--comparison-topic", defaultValue = "comparison",
            description = "Topic of ModelComparison records: champion and challenger paired "
                    + "(default: ${DEFAULT-VALUE}).")
    String comparisonTopic;

    @Option(names = "--dead-letter-topic", defaultValue = "dead-letters",
            description = "Topic of DeadLetter records (default: ${DEFAULT-VALUE}).")
    String deadLetterTopic;

    @Option(names = "--kafka-properties", paramLabel = "FILE",
            description = "Extra Kafka consumer properties (security.protocol, sasl.*, ssl.*).")
    Path kafkaProperties;

    @Override
    public Integer call() throws Exception {
        Properties client = ClientProperties.load(kafkaProperties);
        DashboardTopics topics = new DashboardTopics(reviewsTopic, sentimentTopic, accuracyTopic, comparisonTopic,
                deadLetterTopic);
        KafkaCheck.topicsExist(bootstrapServers, client, topics.all());
        RecordSerde<Review> reviews = reviewsFormat.serde(Review.class, reviewsTopic,
                FormatOptions.of(schemaRegistryUrl, client, writerSchemas));
        try (Dashboard dashboard = Dashboard.start(bootstrapServers, client, topics, reviews,
                new InetSocketAddress(bind, port))) {
            System.err.println("dashboard: " + dashboard.url() + " (reading " + String.join(", ", topics.all())
                    + " on " + bootstrapServers + "; Ctrl-C to stop)");
            dashboard.awaitStop();
        }
        return 0;
    }
}
