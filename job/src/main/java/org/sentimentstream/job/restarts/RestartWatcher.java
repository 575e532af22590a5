package org.sentimentstream.job.restarts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Follows one job's exception history on the JobManager's REST API ({@code GET /jobs/:jobid/exceptions}, the list
 * the web UI's Exceptions tab shows: one entry per failure the scheduler handled, restart or final) and logs one WARN
 * line per new entry with its cause, the stack trace too when asked; a {@link RestartLoop} adds a line when the same
 * cause keeps coming back. Flink's own log has these failures at INFO, which the CLI's console does not show, and a
 * JobManager log holds them among thousands of lines.
 */
public final class RestartWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RestartWatcher.class);
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    private static final int HISTORY_ENTRIES = 100;

    private final URI rest;
    private final JobID job;
    private final String jobName;
    private final boolean stackTraces;
    private final RestartLoop loop;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final Object pollLock = new Object();
    private final Thread thread;
    private long seenUpTo = Long.MIN_VALUE;
    private int failures;
    private boolean unreachableLogged;
    private volatile boolean stopped;

    private RestartWatcher(URI rest, JobID job, String jobName, boolean stackTraces, RestartLoop loop) {
        this.rest = rest;
        this.job = job;
        this.jobName = jobName;
        this.stackTraces = stackTraces;
        this.loop = loop;
        this.thread = new Thread(this::run, "restart-watcher-" + job);
        thread.setDaemon(true);
    }

    /**
     * Starts following {@code job} on the JobManager whose REST API is at {@code rest}; it stops by itself once the
     * job has ended, or when closed.
     */
    public static RestartWatcher start(URI rest, JobID job, String jobName, boolean stackTraces) {
        RestartWatcher watcher = new RestartWatcher(rest, job, jobName, stackTraces,
                new RestartLoop(RestartLoop.DEFAULT_THRESHOLD, RestartLoop.DEFAULT_MAX_GAP));
        watcher.thread.start();
        return watcher;
    }

    private void run() {
        while (!stopped) {
            try {
                if (poll().isGloballyTerminalState()) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                if (!unreachableLogged) {
                    LOG.warn("cannot read the exceptions of job {} at {} ({}); restarts go unreported until it answers",
                            jobName, rest, e.toString());
                    unreachableLogged = true;
                }
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis()); // the pace of polling, not a synchronisation
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Logs the entries new since the last poll, oldest first; returns the job's status after them. */
    private JobStatus poll() throws IOException, InterruptedException {
        synchronized (pollLock) {
            JsonNode history = get("/jobs/" + job + "/exceptions?maxExceptions=" + HISTORY_ENTRIES)
                    .path("exceptionHistory").path("entries");
            JobStatus status = JobStatus.valueOf(get("/jobs/" + job).path("state").asText());
            List<JsonNode> fresh = new ArrayList<>();
            history.forEach(entry -> {
                if (entry.path("timestamp").asLong() > seenUpTo) {
                    fresh.add(entry);
                }
            });
            fresh.sort(Comparator.comparingLong(entry -> entry.path("timestamp").asLong()));
            for (int i = 0; i < fresh.size(); i++) {
                boolean last = i == fresh.size() - 1;
                report(fresh.get(i), last && (status == JobStatus.FAILING || status == JobStatus.FAILED));
            }
            return status;
        }
    }

    private void report(JsonNode entry, boolean finalFailure) {
        long timestamp = entry.path("timestamp").asLong();
        seenUpTo = Math.max(seenUpTo, timestamp);
        failures++;
        FailureCause cause = FailureCause.parse(entry.path("exceptionName").asText(),
                entry.path("stacktrace").asText(""));
        String line = "job " + jobName + (finalFailure ? " failed for good" : " failed and restarts")
                + " (failure " + failures + "): " + cause.summary();
        if (stackTraces) {
            LOG.warn("{}{}{}", line, System.lineSeparator(), cause.stackTrace());
        } else {
            LOG.warn(line);
        }
        Instant at = Instant.ofEpochMilli(timestamp);
        loop.record(cause.signature(), at).ifPresent(l -> LOG.warn("job {} is in a restart loop: {} failures in a row "
                + "with the same cause since {}: {}; it restarts until that cause is gone", jobName, l.times(),
                l.since().truncatedTo(ChronoUnit.SECONDS), l.cause()));
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(rest.resolve(path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + ": HTTP " + response.statusCode());
        }
        return json.readTree(response.body());
    }

    /** Stops following, after a last look that reports what happened since the previous one. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join();
        try {
            poll();
        } catch (IOException | RuntimeException e) {
            // the cluster may be gone already; what it last showed was reported
        }
    }
}
