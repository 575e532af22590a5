package org.sentimentstream.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;
import org.sentimentstream.job.restarts.FailureCause;
import org.sentimentstream.job.restarts.RestartLogging;
import org.sentimentstream.job.restarts.RestartWatcher;
import org.sentimentstream.job.testutils.LogLines;
import org.sentimentstream.local.FreePort;
import org.sentimentstream.local.LocalFlinkCluster;
import org.sentimentstream.local.PrometheusExport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A job that restarts again and again for the same cause, on the local cluster every launcher uses: an operator
 * throws on the first record, every attempt starts over and throws again (a test-only poison: Flink's restart
 * path is the real one). The console must show one WARN line per failure with its cause, call the loop out once the
 * third identical cause arrives, and Flink's {@code numRestarts} must reach Prometheus' format as the series the
 * alert rules in k8s/ select.
 */
class RestartLoopITCase {
    /** The name the launchers give the job, so the metric below is the series the alert rules select. */
    private static final String JOB = "sentiment-stream";
    /** The job_name label as Flink's Prometheus reporter writes it (characters other than [a-zA-Z0-9:_] become _). */
    private static final String JOB_LABEL = "sentiment_stream";
    private static final String FAILURE_LINE = "WARN job " + JOB + " failed and restarts (failure ";
    private static final String LOOP_LINE = "WARN job " + JOB + " is in a restart loop: ";
    private static final String POISON = "java.lang.IllegalStateException: poison record 0";

    /** Throws on the record that every attempt reads first. */
    private static final class Poison implements MapFunction<Long, Long> {
        @Override
        public Long map(Long n) {
            if (n == 0) {
                throw new IllegalStateException("poison record " + n);
            }
            return n;
        }
    }

    @Test
    void eachRestartIsOneWarnLineAndTheLoopIsCalledOut() throws Exception {
        int metricsPort = FreePort.onLoopback();
        List<String> lines;
        List<FailureCause> history;
        String metrics;
        try (LogLines log = LogLines.of(RestartWatcher.class)) {
            // closing the cluster takes the watcher's last look, after which no failure is left unreported
            Configuration cluster = PrometheusExport.reporter(String.valueOf(metricsPort));
            cluster.setString("web.exception-history-size", "1000"); // Flink keeps 16: compare every failure
            try (LocalFlinkCluster flink = LocalFlinkCluster.start(2, cluster)) {
                StreamExecutionEnvironment env = poisonedJob();
                env.registerJobListener(new RestartLogging(flink.webUrl(), JOB, false));
                JobID job = flink.submit(env, JOB);
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                while (log.lines().stream().noneMatch(line -> line.startsWith(LOOP_LINE))) {
                    assertTrue(System.nanoTime() < deadline, "no loop called out in 2 minutes: " + log.lines());
                    TimeUnit.MILLISECONDS.sleep(100);
                }
                metrics = awaitRestartsExported(metricsPort);
                flink.cancel(job);
                history = exceptionHistory(flink.webUrl(), job);
            }
            lines = log.lines();
        }

        List<String> failures = lines.stream().filter(line -> line.startsWith(FAILURE_LINE)).toList();
        assertTrue(history.size() >= 3, lines.toString());
        assertEquals(history.size(), failures.size(), "one line per failure in the exception history: " + lines);
        for (int i = 0; i < history.size(); i++) {
            assertEquals(POISON, history.get(i).summary());
            assertEquals(FAILURE_LINE + (i + 1) + "): " + POISON, failures.get(i));
        }
        int third = lines.indexOf(failures.get(2));
        String loop = lines.get(third + 1);
        assertTrue(loop.startsWith(LOOP_LINE + "3 failures in a row with the same cause since "), lines.toString());
        assertTrue(loop.endsWith(": " + POISON + "; it restarts until that cause is gone"), loop);
        long loopLines = lines.stream().filter(line -> line.startsWith(LOOP_LINE)).count();
        long calledOut = Stream.iterate(3, n -> n <= history.size(), n -> n * 2).count(); // at 3, 6, 12, ...
        assertEquals(calledOut, loopLines, lines.toString());
        assertEquals(failures.size() + loopLines, lines.size(), "nothing else: " + lines);
        assertTrue(numRestarts(metrics) >= 2, metrics);
    }

    /** Restarts after 100 ms, then up to 1 s: the job's own strategy, faster. */
    private static StreamExecutionEnvironment poisonedJob() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofMillis(100));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofSeconds(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, Integer.MAX_VALUE);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.fromSequence(0, Long.MAX_VALUE).map(new Poison()).sinkTo(new DiscardingSink<>());
        return env;
    }

    /** The reporter's page once it counts at least two restarts of the job (the gauge follows the scheduler). */
    private static String awaitRestartsExported(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            String page = get(URI.create("http://127.0.0.1:" + port + "/metrics"));
            if (numRestarts(page) >= 2 || System.nanoTime() > deadline) {
                return page;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    private static double numRestarts(String metrics) {
        Matcher restarts = Pattern.compile("(?m)^flink_jobmanager_job_numRestarts\\{[^}]*job_name=\"" + JOB_LABEL
                + "\"[^}]*} ([0-9.E]+)$").matcher(metrics);
        return restarts.find() ? Double.parseDouble(restarts.group(1)) : -1;
    }

    /** The failures the JobManager recorded for the job, oldest first. */
    private static List<FailureCause> exceptionHistory(URI rest, JobID job) throws Exception {
        JsonNode entries = new ObjectMapper().readTree(get(rest.resolve("/jobs/" + job
                + "/exceptions?maxExceptions=100"))).path("exceptionHistory").path("entries");
        List<JsonNode> sorted = new ArrayList<>();
        entries.forEach(sorted::add);
        sorted.sort(Comparator.comparingLong(entry -> entry.path("timestamp").asLong()));
        return sorted.stream().map(entry -> FailureCause.parse(entry.path("exceptionName").asText(),
                entry.path("stacktrace").asText())).toList();
    }

    private static String get(URI uri) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), uri.toString());
        return response.body();
    }
}
