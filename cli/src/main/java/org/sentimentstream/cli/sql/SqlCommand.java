package org.sentimentstream.cli.sql;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.sentimentstream.local.EmbeddedKafkaBroker;
import org.sentimentstream.local.WorkDir;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ./sentiment sql -f FILE}: Flink SQL statements on a local Flink, with the {@code sentiment-tensorflow}
 * model provider and the Kafka connector and JSON format on the classpath. Queries print their rows; an INSERT
 * runs its job to the end (or until stopped, for an unbounded source).
 */
@Command(name = "sql", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a file of Flink SQL statements (separated by ';') on a local Flink, one after another: "
                + "CREATE MODEL ... WITH ('provider' = 'sentiment-tensorflow'), ML_PREDICT, Kafka tables. "
                + "$${model-dir} and $${bootstrap-servers} in the file are replaced by the options' values. "
                + "See docs/sql.md.")
public final class SqlCommand implements Callable<Integer> {
    @Option(names = {"-f", "--file"}, paramLabel = "FILE", required = true,
            description = "The statements to run.")
    Path file;

    @Option(names = "--model-dir", paramLabel = "DIR", defaultValue = "models/imdb",
            description = "Replaces $${model-dir} in the file, as an absolute path (default: ${DEFAULT-VALUE}).")
    Path modelDir;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = "localhost:9092",
            description = "Replaces $${bootstrap-servers} in the file (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--embedded-broker", paramLabel = "TOPIC", split = ",",
            description = "Start an in-process Kafka broker for this run with these topics (one partition each); "
                    + "$${bootstrap-servers} is then its address.")
    List<String> embeddedTopics;

    @Option(names = "--parallelism", defaultValue = "1",
            description = "parallelism.default of the statements' jobs (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException("SQL file not found: " + file);
        }
        String script = Files.readString(file, StandardCharsets.UTF_8);
        if (embeddedTopics == null) {
            run(script, bootstrapServers);
            return 0;
        }
        Path logs = Files.createTempDirectory("sentiment-sql-kafka");
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(logs)) {
            kafka.createTopics(1, embeddedTopics);
            System.err.println("embedded Kafka at " + kafka.bootstrapServers() + " with topics " + embeddedTopics);
            run(script, kafka.bootstrapServers());
        } finally {
            WorkDir.delete(logs);
        }
        return 0;
    }

    private void run(String script, String kafka) {
        List<SqlScript.Statement> statements = SqlScript.statements(SqlScript.substitute(script, Map.of(
                "model-dir", modelDir.toAbsolutePath().normalize().toString(), "bootstrap-servers", kafka)));
        TableEnvironment sql = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        sql.getConfig().set("parallelism.default", String.valueOf(parallelism));
        for (SqlScript.Statement statement : statements) {
            run(sql, statement);
        }
    }

    private void run(TableEnvironment sql, SqlScript.Statement statement) {
        String where = file + ":" + statement.line();
        TableResult result;
        try {
            result = sql.executeSql(statement.sql());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where + ": " + StatementError.planning(e), e);
        }
        try {
            if (isInsert(statement.sql()) && result.getJobClient().isPresent()) {
                System.err.println(where + ": job " + result.getJobClient().get().getJobID() + " running");
                result.await();
            } else if (result.getResultKind() == ResultKind.SUCCESS_WITH_CONTENT) {
                result.print();
            }
        } catch (Exception e) {
            throw new IllegalArgumentException(where + ": " + StatementError.running(e), e);
        }
    }

    private static boolean isInsert(String sql) {
        String start = sql.stripLeading().toUpperCase(Locale.ROOT);
        return start.startsWith("INSERT") || start.startsWith("EXECUTE") || start.startsWith("BEGIN");
    }
}
