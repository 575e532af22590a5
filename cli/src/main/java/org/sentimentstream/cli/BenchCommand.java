package org.sentimentstream.cli;

import org.sentimentstream.bench.Bench;
import org.sentimentstream.trainer.imdb.ImdbDataset;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code ./sentiment bench}: binds the options of a {@link Bench} run. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measure the trainer, the model per batch size, the pipeline against its passthrough limit "
                + "and latency at fixed rates, and ML_PREDICT in Flink SQL against the DataStream scorer; print a "
                + "table, write markdown and JSON.")
final class BenchCommand implements Callable<Integer> {
    /** For --verbose: each failure's WARN line then carries its stack trace. */
    @ParentCommand
    SentimentCli cli;

    @Spec
    CommandSpec spec;

    @Mixin
    ImdbDataOption data;

    @Option(names = "--only", split = ",", paramLabel = "SECTION",
            description = "Run only these sections: trainer, model, pipeline, latency, sql, lifecycle "
                    + "(default: all; lifecycle only with --challenger).")
    Set<Bench.Section> only;

    @Option(names = "--model-dir", paramLabel = "DIR", description = "Model to measure. Default: the one the "
            + "trainer section trains into out/bench/model, or without that section the demo's cached model.")
    Path modelDir;

    @Option(names = "--baseline-model", paramLabel = "DIR", description = "Another model to measure side by side "
            + "in the model section, e.g. the previous version (default: none).")
    Path baselineModel;

    @Option(names = "--challenger", paramLabel = "DIR", description = "A second model for the lifecycle section: "
            + "throughput with it in shadow, the output gap around a promotion, memory with two models.")
    Path challengerDir;

    @Option(names = "--reviews", defaultValue = "5000",
            description = "IMDB test reviews per model measurement (default: ${DEFAULT-VALUE}).")
    int reviews;

    @Option(names = "--repetitions", defaultValue = "5",
            description = "Repetitions of each model measurement; the median is reported (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--pipeline-repetitions", defaultValue = "3",
            description = "Repetitions of each pipeline throughput run and of each sql run "
                    + "(default: ${DEFAULT-VALUE}).")
    int pipelineRepetitions;

    @Option(names = "--pipeline-warm-up", defaultValue = "90", paramLabel = "SECONDS",
            description = "Throughput runs of the full job and the passthrough in turn, not counted, for at least "
                    + "this long before the pipeline or latency section measures (default: ${DEFAULT-VALUE}).")
    int pipelineWarmUpSeconds;

    @Option(names = "--latency-seconds", defaultValue = "20",
            description = "Length of each latency run at a fixed rate (default: ${DEFAULT-VALUE}).")
    int latencySeconds;

    @Option(names = "--latency-repetitions", defaultValue = "3",
            description = "Repetitions of each latency run, after one uncounted repetition of every run as a warm-up; "
                    + "the median is reported (default: ${DEFAULT-VALUE}).")
    int latencyRepetitions;

    @Option(names = "--parallelism", defaultValue = "2",
            description = "Job parallelism, one slot per core (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--markdown", paramLabel = "FILE", defaultValue = "out/bench.md",
            description = "Where to write the tables as markdown (default: ${DEFAULT-VALUE}).")
    Path markdown;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write every figure as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        ImdbDataset imdb = data.read();
        Set<Bench.Section> sections = only == null || only.isEmpty() ? EnumSet.noneOf(Bench.Section.class)
                : EnumSet.copyOf(only);
        new Bench(new Bench.Settings(sections, modelDir, baselineModel, challengerDir, reviews, repetitions,
                pipelineRepetitions, pipelineWarmUpSeconds, latencySeconds, latencyRepetitions, parallelism, markdown,
                json, cli.verbose(), command())).run(imdb, dir -> DefaultModel.resolve(dir, imdb));
        return 0;
    }

    /** This run's command line, to reproduce it. */
    private String command() {
        return String.join(" ", spec.commandLine().getParseResult().originalArgs().stream()
                .map(arg -> arg.contains(" ") ? "'" + arg + "'" : arg)
                .collect(Collectors.toCollection(() -> new ArrayList<>(List.of("./sentiment")))));
    }
}
