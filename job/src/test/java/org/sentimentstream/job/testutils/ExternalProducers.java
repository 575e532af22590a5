package org.sentimentstream.job.testutils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kafka clients this project did not write, as the tests' producers: {@code kcat} (librdkafka) and Debian's Python
 * with {@code python3-confluent-kafka}, {@code python3-avro} and {@code python3-requests} running
 * {@code src/test/python/avro_producer.py}.
 * A missing client fails the test with the package to install.
 */
public final class ExternalProducers {
    /** Debian's interpreter: its packages are not on the path of other Pythons (pyenv, venvs). */
    private static final String PYTHON = "/usr/bin/python3";
    private static final Path AVRO_PRODUCER = Path.of("src/test/python/avro_producer.py");

    private final String bootstrapServers;
    private final Path workDir;

    public ExternalProducers(String bootstrapServers, Path workDir) {
        this.bootstrapServers = bootstrapServers;
        this.workDir = workDir;
    }

    /** Each of {@code lines} ({@code key}, a tab, {@code value}) as one record, with {@code kcat -P -K '\t' -l}. */
    public void kcatLines(String topic, List<String> lines) throws IOException, InterruptedException {
        Path file = Files.createTempFile(workDir, "kcat-lines", ".txt");
        Files.write(file, lines, StandardCharsets.UTF_8);
        run("kcat", List.of("kcat", "-P", "-b", bootstrapServers, "-t", topic, "-K", "\t", "-l", file.toString()));
    }

    /** {@code value} as one record without a key: {@code kcat -P} sends each file given as one message. */
    public void kcatRaw(String topic, byte[] value) throws IOException, InterruptedException {
        Path file = Files.createTempFile(workDir, "kcat-raw", ".bin");
        Files.write(file, value);
        run("kcat", List.of("kcat", "-P", "-b", bootstrapServers, "-t", topic, file.toString()));
    }

    /** Records as Confluent-framed Avro through confluent-kafka's AvroProducer, registering {@code schema}. */
    public void pythonConfluentAvro(String topic, String registryUrl, String schema, List<String> jsonRecords)
            throws IOException, InterruptedException {
        python(List.of("confluent", bootstrapServers, topic, registryUrl, file("schema", ".avsc", List.of(schema)),
                file("records", ".jsonl", jsonRecords)));
    }

    /** Records as Avro single-object encoding, written with {@code schema} by the avro package. */
    public void pythonSingleObjectAvro(String topic, String schema, List<String> jsonRecords)
            throws IOException, InterruptedException {
        python(List.of("single-object", bootstrapServers, topic, file("schema", ".avsc", List.of(schema)),
                file("records", ".jsonl", jsonRecords)));
    }

    private void python(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON, AVRO_PRODUCER.toString()));
        command.addAll(args);
        run("python3-confluent-kafka python3-avro python3-requests", command);
    }

    private String file(String prefix, String suffix, List<String> lines) throws IOException {
        Path file = Files.createTempFile(workDir, prefix, suffix);
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file.toString();
    }

    private static void run(String packages, List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " cannot run (apt-get install " + packages + "): " + e, e);
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " failed (needs " + packages + "):\n" + output);
        }
    }
}
