package org.sentimentstream.job.restarts;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.JobListener;

import java.net.URI;

/**
 * Starts a {@link RestartWatcher} for each job the environment submits and stops it when the job has run
 * ({@code StreamExecutionEnvironment.registerJobListener}): the launchers that go through {@code env.execute}
 * ({@code ./sentiment job}, the job jar's main on a cluster) get restarts logged without changing how they run.
 */
public final class RestartLogging implements JobListener {
    private final URI rest;
    private final String jobName;
    private final boolean stackTraces;
    private RestartWatcher watcher;

    public RestartLogging(URI rest, String jobName, boolean stackTraces) {
        this.rest = rest;
        this.jobName = jobName;
        this.stackTraces = stackTraces;
    }

    /** The REST API of the cluster {@code configuration} describes ({@code rest.address}, {@code rest.port}). */
    public static URI restApi(ReadableConfig configuration) {
        return URI.create("http://" + configuration.getOptional(RestOptions.ADDRESS).orElse("localhost") + ":"
                + configuration.get(RestOptions.PORT));
    }

    @Override
    public synchronized void onJobSubmitted(JobClient client, Throwable failure) {
        if (client != null) {
            watcher = RestartWatcher.start(rest, client.getJobID(), jobName, stackTraces);
        }
    }

    @Override
    public synchronized void onJobExecuted(JobExecutionResult result, Throwable failure) {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            watcher = null;
        }
    }
}
