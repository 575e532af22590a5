package org.sentimentstream.cli;

import org.apache.kafka.clients.admin.Admin;
import org.sentimentstream.job.JobConfig;
import org.sentimentstream.job.kafka.JobTopics;
import org.sentimentstream.job.kafka.TopicCreation;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/** {@code ./sentiment topics}: the job's topics on your own Kafka. */
@Command(name = "topics", mixinStandardHelpOptions = true, subcommands = TopicsCommand.Create.class,
        description = "The job's topics on your own Kafka.")
final class TopicsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code ./sentiment topics create}: the eight topics with their documented settings. */
    @Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Create the job's eight topics (reviews, labels, sentiment, sentiment-shadow, accuracy, "
                    + "comparison, dead-letters, models) with their settings (docs/operations.md); topics that exist "
                    + "are compared and reported, never changed.")
    static final class Create implements Callable<Integer> {
        /** The job's options this command takes, so topics are named and sized as ./sentiment job uses them. */
        private static final List<String> JOB_OPTIONS = List.of("--bootstrap-servers", "--reviews-topic",
                "--labels-topic", "--sentiment-topic", "--shadow-topic", "--accuracy-topic", "--comparison-topic",
                "--dead-letter-topic", "--models-topic", "--text-max-chars", "--kafka-properties");

        final JobConfig.Builder job = new JobConfig.Builder();

        @Option(names = "--partitions", description = "Partitions of each topic but accuracy, comparison and "
                + "models, which have one (default: ${DEFAULT-VALUE}).")
        int partitions = 2;

        @Option(names = "--replication-factor", paramLabel = "N",
                description = "Replicas of each partition (default: the broker's default.replication.factor).")
        Short replicationFactor;

        @Option(names = "--fail-on-difference",
                description = "Exit 1 when an existing topic differs from its settings (default: report it).")
        boolean failOnDifference;

        /** Takes the job's own definitions of {@link #JOB_OPTIONS}: one flag, one description, one default. */
        @Spec
        void addJobOptions(CommandSpec spec) {
            JobFlags.add(spec, job, JOB_OPTIONS);
        }

        @Override
        public Integer call() throws Exception {
            if (partitions < 1 || (replicationFactor != null && replicationFactor < 1)) {
                throw new IllegalArgumentException("--partitions and --replication-factor must be at least 1");
            }
            JobConfig config = job.build();
            List<TopicCreation.Outcome> outcomes;
            try (Admin admin = KafkaCheck.admin(config.bootstrapServers(), config.clientProperties())) {
                outcomes = TopicCreation.apply(admin, JobTopics.of(config, partitions),
                        Optional.ofNullable(replicationFactor));
            } catch (ExecutionException e) {
                throw KafkaCheck.failed(config.bootstrapServers(), e);
            }
            outcomes.forEach(outcome -> System.out.println(outcome.describe()));
            boolean differs = outcomes.stream().anyMatch(outcome -> !outcome.differences().isEmpty());
            return differs && failOnDifference ? 1 : 0;
        }
    }
}
