package org.sentimentstream.cli;

import org.sentimentstream.cli.bench.BenchCommand;
import org.sentimentstream.cli.demo.DemoCommand;
import org.sentimentstream.cli.soak.SoakCommand;
import org.sentimentstream.model.ModelException;
import org.sentimentstream.trainer.imdb.DataException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;

/** Entry point of {@code ./sentiment}. */
@Command(name = "sentiment", mixinStandardHelpOptions = true, version = "sentiment-stream 0.1.0",
        description = "Streaming sentiment classification of movie reviews on Flink and Kafka.",
        subcommands = {DemoCommand.class, TrainCommand.class, EvaluateCommand.class, PredictCommand.class,
                ReplayCommand.class, TopicsCommand.class, ModelsCommand.class, JobCommand.class, DashboardCommand.class,
                SoakCommand.class,
                BenchCommand.class, CommandLine.HelpCommand.class})
public final class SentimentCli implements Runnable {
    /** Where train writes and the other commands read a model unless told otherwise. */
    static final String DEFAULT_MODEL_DIR = "models/imdb";

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print stack traces with errors and job failures (more logging: SENTIMENT_JAVA_OPTS with "
                    + "-Dsentiment.log.level=INFO).")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cli = new CommandLine(new SentimentCli()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler(SentimentCli::reportError);
        return cli.execute(args);
    }

    /** Whether --verbose was given, on this command or after a subcommand. */
    public boolean verbose() {
        return verbose;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** A user mistake prints one line and exits 1; with --verbose, the stack trace too. */
    private static int reportError(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        boolean verbose = parsed.hasMatchedOption("--verbose")
                || (parsed.subcommand() != null && parsed.subcommand().hasMatchedOption("--verbose"));
        if (isUserError(e)) {
            err.println("error: " + e.getMessage());
        } else {
            err.println("error: " + e + (verbose ? "" : " (run with --verbose for the stack trace)"));
        }
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return 1;
    }

    private static boolean isUserError(Throwable e) {
        return e instanceof DataException || e instanceof ModelException || e instanceof IllegalArgumentException
                || e instanceof NoSuchFileException || e instanceof FileNotFoundException;
    }
}
