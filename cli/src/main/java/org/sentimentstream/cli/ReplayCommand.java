package org.sentimentstream.cli;

import org.sentimentstream.job.DurationConverter;
import org.sentimentstream.job.RecordFormatConverter;
import org.sentimentstream.job.kafka.ClientProperties;
import org.sentimentstream.schemas.FormatOptions;
import org.sentimentstream.schemas.RecordFormat;
import org.sentimentstream.schemas.Review;
import org.sentimentstream.trainer.replay.ImdbReplay;
import org.sentimentstream.trainer.replay.ReplaySettings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;

/** {@code ./sentiment replay}: IMDB into Kafka as a stream, labels later. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Publish an IMDB split to the reviews topic in a seeded shuffled order (event_time = send "
                + "time), and each review's label to the labels topic a delay later, in the chosen format.")
final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = "localhost:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Mixin
    ImdbDataOption data;

    @Option(names = "--split", defaultValue = "test", description = "train or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--rate", defaultValue = "0",
            description = "Reviews per second, 0 for as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--label-delay", converter = DurationConverter.class, defaultValue = "5s",
            paramLabel = "DURATION", description = "Delay of each label after its review (default: 5s).")
    Duration labelDelay;

    @Option(names = "--label-jitter", converter = DurationConverter.class, defaultValue = "0s",
            paramLabel = "DURATION", description = "Extra random delay per label, uniform in [0, jitter) "
                    + "(default: 0s).")
    Duration labelJitter;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the order and jitter (default: 1).")
    long seed;

    @Option(names = "--limit", defaultValue = "0", description = "Replay only N reviews, 0 for all (default: 0).")
    int limit;

    @Option(names = "--reviews-topic", defaultValue = "reviews", description = "(default: ${DEFAULT-VALUE})")
    String reviewsTopic;

    @Option(names = "--labels-topic", defaultValue = "labels", description = "(default: ${DEFAULT-VALUE})")
    String labelsTopic;

    @Option(names = "--kafka-properties", paramLabel = "FILE", description = "Extra Kafka producer properties.")
    Path kafkaProperties;

    @Option(names = "--format", converter = RecordFormatConverter.class, defaultValue = "avro", paramLabel = "FORMAT",
            description = "Format of both topics: avro (single-object encoding), confluent-avro or json "
                    + "(default: ${DEFAULT-VALUE}).")
    RecordFormat format;

    @Option(names = "--schema-registry-url", paramLabel = "URL", description = "Schema registry that confluent-avro "
            + "registers the schemas in (subjects TOPIC-value); basic auth from basic.auth.user.info in "
            + "--kafka-properties.")
    String schemaRegistryUrl;

    @Override
    public Integer call() throws Exception {
        Properties client = ClientProperties.load(kafkaProperties);
        FormatOptions formats = FormatOptions.of(schemaRegistryUrl, client, null);
        format.serde(Review.class, reviewsTopic, formats); // a format missing its registry fails here, in one line
        var reviews = data.read().split(split);
        KafkaCheck.topicsExist(bootstrapServers, client, List.of(reviewsTopic, labelsTopic));
        ImdbReplay replay = new ImdbReplay(new ReplaySettings(bootstrapServers, reviewsTopic, labelsTopic, rate,
                labelDelay, labelJitter, seed, limit, client, format, formats), true);
        ImdbReplay.Result result = replay.run(reviews);
        System.out.printf(Locale.ROOT, "replayed %,d reviews and %,d labels of imdb/%s in %.1f s (%,.0f reviews/s)%n",
                result.reviewsSent(), result.labelsSent(), split, result.seconds(),
                result.reviewsSent() / result.seconds());
        return 0;
    }
}
