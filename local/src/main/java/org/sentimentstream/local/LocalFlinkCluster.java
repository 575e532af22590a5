package org.sentimentstream.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobListener;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * A Flink cluster inside this JVM (one task manager), for {@code ./sentiment demo}, {@code soak} and {@code bench}: unlike a plain
 * local environment it can tell when every task is running (operators opened, so the model is loaded and checked)
 * and drain a job with stop-with-savepoint at the end of event time, which makes every window report its final
 * accuracy. Its checkpoints go to {@link LocalCheckpoints}, deleted on close. Like {@code env.execute}, it tells
 * the environment's {@link JobListener}s when a job is submitted and, at the latest on close, that it has run.
 */
public final class LocalFlinkCluster implements AutoCloseable {
    private final MiniCluster cluster;
    private final LocalCheckpoints checkpoints;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<JobListener> listeners = new ArrayList<>();

    private LocalFlinkCluster(MiniCluster cluster, LocalCheckpoints checkpoints) {
        this.cluster = cluster;
        this.checkpoints = checkpoints;
    }

    public static LocalFlinkCluster start(int slots) throws Exception {
        return start(slots, new Configuration());
    }

    /** The same with extra cluster settings, such as {@link PrometheusExport#reporter}. */
    public static LocalFlinkCluster start(int slots, Configuration settings) throws Exception {
        LocalCheckpoints checkpoints = LocalCheckpoints.create();
        Configuration configuration = checkpoints.applyTo(settings);
        configuration.setString("metrics.fetcher.update-interval", "1000"); // fresh metrics for metricSum
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .withRandomPorts()
                .build());
        try {
            cluster.start();
        } catch (Exception e) {
            checkpoints.close();
            throw e;
        }
        return new LocalFlinkCluster(cluster, checkpoints);
    }

    /** The Flink web UI and REST API of this cluster. */
    public URI webUrl() throws Exception {
        return cluster.getRestAddress().get();
    }

    /** Where this cluster's jobs write their checkpoints (deleted on close). */
    public Path checkpointDirectory() {
        return checkpoints.directory();
    }

    /** Submits the job built in {@code env} and tells the environment's job listeners. */
    public JobID submit(StreamExecutionEnvironment env, String name) throws Exception {
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(name);
        JobID job = cluster.submitJob(graph).get().getJobID();
        MiniClusterJobClient client = new MiniClusterJobClient(job, cluster, getClass().getClassLoader(),
                MiniClusterJobClient.JobFinalizationBehavior.NOTHING);
        synchronized (listeners) {
            for (JobListener listener : env.getJobListeners()) {
                listener.onJobSubmitted(client, null);
                listeners.add(listener);
            }
        }
        return job;
    }

    /** Waits until every task of the job runs (its operators are open); fails if the job fails first. */
    public void awaitRunning(JobID job, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            AccessExecutionGraph graph = cluster.getExecutionGraph(job).get();
            if (graph.getState().isGloballyTerminalState()) {
                awaitResult(job);
                throw new IllegalStateException("job ended before it ran: " + graph.getState());
            }
            boolean running = graph.getState() == JobStatus.RUNNING;
            for (AccessExecutionVertex vertex : graph.getAllExecutionVertices()) {
                running &= vertex.getExecutionState() == ExecutionState.RUNNING;
            }
            if (running) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException("job not running after " + timeout.toSeconds() + " s");
    }

    /** Fault injection: terminates the task manager (every task on it fails) and starts a fresh one. */
    public void replaceTaskManager() throws Exception {
        cluster.terminateTaskManager(0).get(1, TimeUnit.MINUTES);
        cluster.startTaskManager();
    }

    /** Whether the job has gone through a restart (failover) since it was submitted. */
    public boolean hasRestarted(JobID job) throws Exception {
        return cluster.getExecutionGraph(job).get().getStatusTimestamp(JobStatus.RESTARTING) > 0;
    }

    /**
     * The sum over subtasks of an operator metric whose name ends with {@code metric} (for example
     * {@code labels.pending_predictions}), read through the cluster's REST API; empty until the metric is known.
     */
    public OptionalDouble metricSum(JobID job, String metric) throws Exception {
        URI rest = cluster.getRestAddress().get();
        var vertices = json.readTree(get(rest.resolve("/jobs/" + job))).path("vertices");
        for (var vertex : vertices) {
            String base = "/jobs/" + job + "/vertices/" + vertex.path("id").asText() + "/subtasks/metrics";
            for (var available : json.readTree(get(rest.resolve(base)))) {
                String id = available.path("id").asText();
                if (id.endsWith(metric)) {
                    var values = json.readTree(get(rest.resolve(base + "?get=" + id + "&agg=sum")));
                    if (!values.isEmpty()) {
                        return OptionalDouble.of(values.path(0).path("sum").asDouble());
                    }
                }
            }
        }
        return OptionalDouble.empty();
    }

    private String get(URI uri) throws Exception {
        var response = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + ": HTTP " + response.statusCode());
        }
        return response.body();
    }

    public JobStatus status(JobID job) throws Exception {
        return cluster.getExecutionGraph(job).get().getState();
    }

    /** Stops the job with a savepoint after advancing to the end of event time: every timer fires first. */
    public void drain(JobID job, Path savepoints) throws Exception {
        cluster.stopWithSavepoint(job, savepoints.toUri().toString(), true, SavepointFormatType.CANONICAL)
                .get(5, TimeUnit.MINUTES);
        awaitResult(job);
    }

    /** Cancels the job and waits until it has ended, its slots free for the next job. */
    public void cancel(JobID job) throws Exception {
        cluster.cancelJob(job).get(1, TimeUnit.MINUTES);
        cluster.requestJobResult(job).get(1, TimeUnit.MINUTES);
    }

    /** Waits for the job to end; throws its failure, if it failed. */
    public JobResult awaitResult(JobID job) throws Exception {
        JobResult result = cluster.requestJobResult(job).get();
        if (result.getSerializedThrowable().isPresent()) {
            throw new IllegalStateException("job failed",
                    result.getSerializedThrowable().get().deserializeError(getClass().getClassLoader()));
        }
        return result;
    }

    @Override
    public void close() throws Exception {
        synchronized (listeners) {
            for (JobListener listener : listeners) {
                listener.onJobExecuted(null, null);
            }
        }
        try {
            cluster.closeAsync().get(1, TimeUnit.MINUTES);
        } finally {
            checkpoints.close();
        }
    }
}
