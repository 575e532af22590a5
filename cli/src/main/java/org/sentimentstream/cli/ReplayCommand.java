package org.sentimentstream.cli;

import org.sentimentstream.job.JobConfig;
import org.sentimentstream.replay.ImdbReplay;
import org.sentimentstream.replay.ReplaySettings;
import org.sentimentstream.schemas.FormatOptions;
import org.sentimentstream.schemas.RecordFormat;
import org.sentimentstream.schemas.Review;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
    /** The job's options this command takes: where its input topics are, and the registry of confluent-avro. */
    private static final List<String> JOB_OPTIONS = List.of("--bootstrap-servers", "--reviews-topic",
            "--labels-topic", "--kafka-properties", "--schema-registry-url");

    final JobConfig.Builder job = new JobConfig.Builder();

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

    @Option(names = "--format", converter = RecordFormatConverter.class, defaultValue = "avro", paramLabel = "FORMAT",
            description = "Format of both topics: avro (single-object encoding), confluent-avro or json "
                    + "(default: ${DEFAULT-VALUE}).")
    RecordFormat format;

    @Spec
    void addJobOptions(CommandSpec spec) {
        JobFlags.add(spec, job, JOB_OPTIONS);
    }

    @Override
    public Integer call() throws Exception {
        JobConfig config = job.build();
        Properties client = config.clientProperties();
        FormatOptions formats = config.formatOptions();
        // a format missing its registry fails here, in one line
        format.serde(Review.class, config.reviewsTopic(), formats);
        var reviews = data.read().split(split);
        KafkaCheck.topicsExist(config.bootstrapServers(), client, List.of(config.reviewsTopic(),
                config.labelsTopic()));
        ImdbReplay replay = new ImdbReplay(new ReplaySettings(config.bootstrapServers(), config.reviewsTopic(),
                config.labelsTopic(), rate, labelDelay, labelJitter, seed, limit, client, format, formats), true);
        ImdbReplay.Result result = replay.run(reviews);
        System.out.printf(Locale.ROOT, "replayed %,d reviews and %,d labels of imdb/%s in %.1f s (%,.0f reviews/s)%n",
                result.reviewsSent(), result.labelsSent(), split, result.seconds(),
                result.reviewsSent() / result.seconds());
        return 0;
    }
}
