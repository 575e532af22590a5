package org.sentimentstream.cli;

import org.sentimentstream.job.JobConfig;
import org.sentimentstream.job.kafka.ModelCommands;
import org.sentimentstream.job.score.ActiveModels;
import org.sentimentstream.job.score.ModelDescriptor;
import org.sentimentstream.model.ModelFiles;
import org.sentimentstream.model.SentimentModel;
import org.sentimentstream.schemas.ModelCommand;
import org.sentimentstream.schemas.ModelRole;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * {@code ./sentiment models}: the running job's models, through its models topic (docs/lifecycle.md). A command is
 * followed by every scoring subtask; a model that fails its checks there is rejected (a MODEL_REJECTED dead letter)
 * and the job serves on.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        subcommands = {ModelsCommand.Publish.class, ModelsCommand.Promote.class, ModelsCommand.Retire.class,
                ModelsCommand.ListModels.class},
        description = "Publish, promote and retire the running job's models through its models topic.")
final class ModelsCommand implements Runnable {
    /** How long a command may take to reach the broker, or the topic to be read. */
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The options every subcommand takes from the job's own: where Kafka and the models topic are. */
    abstract static class KafkaOptions {
        private static final List<String> JOB_OPTIONS = List.of("--bootstrap-servers", "--models-topic",
                "--kafka-properties");

        final JobConfig.Builder job = new JobConfig.Builder();

        @Spec
        void addJobOptions(CommandSpec spec) {
            JobFlags.add(spec, job, JOB_OPTIONS);
        }

        ModelCommands topic() {
            JobConfig config = job.build();
            KafkaCheck.topicsExist(config.bootstrapServers(), config.clientProperties(),
                    List.of(config.modelsTopic()));
            return new ModelCommands(config.bootstrapServers(), config.clientProperties(), config.modelsTopic());
        }

        List<ModelCommands.Issued> issued(ModelCommands topic) throws Exception {
            try {
                return topic.readAll(TIMEOUT);
            } catch (TimeoutException e) {
                throw new IllegalArgumentException(e.getMessage() + " from " + job.bootstrapServers);
            }
        }

        void issue(ModelCommands topic, ModelDescriptor model) throws Exception {
            ModelCommand command = model.toCommand(Instant.now());
            long offset;
            try {
                offset = topic.issue(command, TIMEOUT);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalArgumentException("could not issue the command to " + job.bootstrapServers + ": "
                        + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
            }
            System.out.printf(Locale.ROOT, "%s %s (%s) issued at offset %d of %s%n", model.version(),
                    model.role().name().toLowerCase(Locale.ROOT), model.uri(), offset, job.modelsTopic);
        }

        /** The latest command naming {@code version}, which says where its files are. */
        ModelDescriptor published(List<ModelCommands.Issued> issued, String version) {
            for (int i = issued.size() - 1; i >= 0; i--) {
                if (issued.get(i).command().getModelVersion().equals(version)) {
                    return ModelDescriptor.of(issued.get(i).command());
                }
            }
            throw new IllegalArgumentException("model " + version + " was never published on " + job.modelsTopic
                    + ": publish it first (./sentiment models publish --model-dir DIR --role challenger)");
        }
    }

    /** {@code ./sentiment models publish}: a model directory as champion or challenger. */
    @Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Check a model here (signature, golden examples) and issue it to the job as challenger "
                    + "(scored in shadow) or champion (serving at once). DIR must be at the same path on every "
                    + "TaskManager (a shared volume).")
    static final class Publish extends KafkaOptions implements Callable<Integer> {
        @Option(names = "--model-dir", paramLabel = "DIR", required = true,
                description = "The model directory, as the TaskManagers see it.")
        Path modelDir;

        @Option(names = "--role", paramLabel = "ROLE", defaultValue = "challenger",
                description = "challenger or champion (default: ${DEFAULT-VALUE}).")
        String role;

        @Override
        public Integer call() throws Exception {
            ModelRole modelRole = switch (role.toLowerCase(Locale.ROOT)) {
                case "challenger" -> ModelRole.CHALLENGER;
                case "champion" -> ModelRole.CHAMPION;
                default -> throw new IllegalArgumentException("--role must be challenger or champion, not " + role);
            };
            Path dir = modelDir.toAbsolutePath().normalize();
            String version;
            try (SentimentModel model = SentimentModel.load(dir)) {
                version = model.metadata().modelVersion();
            }
            issue(topic(), new ModelDescriptor(version, dir.toString(), ModelFiles.sha256(dir), modelRole));
            return 0;
        }
    }

    /** {@code ./sentiment models promote}: a published model becomes the champion. */
    @Command(name = "promote", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Make a published model the champion; the former champion becomes the challenger.")
    static final class Promote extends RoleChange {
        Promote() {
            super(ModelRole.CHAMPION);
        }
    }

    /** {@code ./sentiment models retire}: a challenger stops scoring. */
    @Command(name = "retire", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Stop scoring a model; the champion cannot retire (promote another model first).")
    static final class Retire extends RoleChange {
        Retire() {
            super(ModelRole.RETIRED);
        }
    }

    /** A published model, named by its version, takes a new role. */
    abstract static class RoleChange extends KafkaOptions implements Callable<Integer> {
        private final ModelRole role;

        @Parameters(paramLabel = "VERSION", description = "The model's version (./sentiment models list).")
        String version;

        RoleChange(ModelRole role) {
            this.role = role;
        }

        @Override
        public Integer call() throws Exception {
            ModelCommands topic = topic();
            issue(topic, published(issued(topic), version).withRole(role));
            return 0;
        }
    }

    /** {@code ./sentiment models list}: the commands issued and the set they make. */
    @Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Print the commands on the models topic and the champion and challenger they make, as the "
                    + "job follows them (a command the job rejected is on the dead-letter topic, MODEL_REJECTED).")
    static final class ListModels extends KafkaOptions implements Callable<Integer> {
        /** Stands for the job's own --model-dir model, which the topic never names. */
        private static final ModelDescriptor INITIAL = new ModelDescriptor("(--model-dir)", "", "",
                ModelRole.CHAMPION);

        @Override
        public Integer call() throws Exception {
            ActiveModels set = ActiveModels.of(INITIAL);
            for (ModelCommands.Issued issued : issued(topic())) {
                ModelCommand command = issued.command();
                String outcome;
                try {
                    set = set.apply(ModelDescriptor.of(command));
                    outcome = "";
                } catch (IllegalArgumentException e) {
                    outcome = "  (the job rejects it: " + e.getMessage() + ")";
                }
                System.out.printf(Locale.ROOT, "%6d  %s  %-10s %s  %s%s%n", issued.offset(), command.getIssuedAt(),
                        command.getRole().name().toLowerCase(Locale.ROOT), command.getModelVersion(),
                        command.getUri(), outcome);
            }
            System.out.println("champion:   " + describe(set.champion()));
            System.out.println("challenger: " + (set.challenger() == null ? "none" : describe(set.challenger())));
            return 0;
        }

        private static String describe(ModelDescriptor model) {
            return model == INITIAL || model.version().equals(INITIAL.version())
                    ? "the job's --model-dir model" : model.version() + " (" + model.uri() + ")";
        }
    }
}
