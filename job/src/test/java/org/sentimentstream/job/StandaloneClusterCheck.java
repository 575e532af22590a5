package org.sentimentstream.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.sentimentstream.job.testutils.PipelineRun;
import org.sentimentstream.job.testutils.TestModel;
import org.sentimentstream.local.EmbeddedKafkaBroker;
import org.sentimentstream.local.FreePort;
import org.sentimentstream.replay.ImdbReplay;
import org.sentimentstream.replay.ReplaySettings;
import org.sentimentstream.schemas.AccuracyReport;
import org.sentimentstream.schemas.SentimentEvent;
import org.sentimentstream.trainer.imdb.ImdbDataset;
import org.sentimentstream.trainer.imdb.ImdbReview;
import org.sentimentstream.trainer.testutils.RealImdb;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The longer check of a real Flink cluster in separate processes (not part of {@code mvn verify}; run it with
 * {@code mvn -pl job verify -Dit.test=StandaloneClusterCheck}): a JobManager and two TaskManagers, each its own JVM
 * started from Flink's runtime jars (the DJL and TensorFlow jars on their classpath, loaded parent-first), the
 * shaded job jar submitted through the REST API, a TaskManager killed with SIGKILL mid-replay, and the exactly-once
 * checks; then a second job submitted to the same TaskManager JVM, which must load the native library again
 * without "already loaded in another classloader"; and an upgrade from a savepoint at another parallelism, then a
 * rollback to the savepoint the upgrade was taken from.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the SIGKILL leaves one TaskManager: the upgrade needs both
class StandaloneClusterCheck {
    @TempDir
    static Path dir;

    private static final Map<String, Process> processes = new LinkedHashMap<>();
    private static EmbeddedKafkaBroker kafka;
    private static ImdbDataset imdb;
    private static Path model;
    private static int restPort;

    @BeforeAll
    static void startCluster() throws Exception {
        imdb = RealImdb.dataset();
        model = TestModel.directory(imdb);
        kafka = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
        restPort = FreePort.onLoopback();
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(conf.resolve("config.yaml"), String.join("\n",
                "jobmanager.rpc.address: localhost",
                "jobmanager.rpc.port: " + FreePort.onLoopback(),
                "jobmanager.bind-host: localhost",
                "rest.address: localhost",
                "rest.bind-address: localhost",
                "rest.port: " + restPort,
                "taskmanager.host: localhost",
                "taskmanager.bind-host: localhost",
                "taskmanager.numberOfTaskSlots: 2",
                "cluster.evenly-spread-out-slots: true",
                "jobmanager.memory.process.size: 1024m",
                "taskmanager.memory.process.size: 2560m",
                "taskmanager.memory.managed.size: 64m",
                "taskmanager.memory.jvm-overhead.max: 1536m",
                "taskmanager.memory.jvm-overhead.fraction: 0.5",
                "heartbeat.interval: 2000",
                "heartbeat.timeout: 10000",
                "classloader.parent-first-patterns.additional: ai.djl.;org.tensorflow.;org.bytedeco.;"
                        + "com.google.protobuf.",
                ""));
        Files.writeString(conf.resolve("log4j.properties"), String.join("\n",
                "rootLogger.level = WARN", "rootLogger.appenderRef.file.ref = file",
                "appender.file.type = File", "appender.file.name = file",
                "appender.file.fileName = ${sys:log.file}", "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = %d %-5p %c{1} - %m%n", ""));
        start("jobmanager", "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", conf,
                "GET_JM_RESOURCE_PARAMS");
        start("taskmanager-1", "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", conf,
                "GET_TM_RESOURCE_PARAMS");
        start("taskmanager-2", "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", conf,
                "GET_TM_RESOURCE_PARAMS");
        awaitTaskManagers(2);
    }

    /** The resource id (our process name) of a task manager that runs tasks of the job. */
    private static String taskManagerRunning(JobID job) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        String base = "http://localhost:" + restPort + "/jobs/" + job;
        var vertices = json.readTree(http.send(HttpRequest.newBuilder(URI.create(base)).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("vertices");
        for (var vertex : vertices) {
            var hosts = json.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/vertices/"
                    + vertex.path("id").asText() + "/taskmanagers")).build(), HttpResponse.BodyHandlers.ofString())
                    .body()).path("taskmanagers");
            for (var host : hosts) {
                return host.path("taskmanager-id").asText();
            }
        }
        throw new AssertionError("no task manager runs job " + job);
    }

    /** Both task managers must be registered before a job is scheduled, or its slots may all land on one. */
    private static void awaitTaskManagers(int expected) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + "/taskmanagers"))
                .build();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            try {
                String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
                if (new ObjectMapper().readTree(body).path("taskmanagers").size() >= expected) {
                    return;
                }
            } catch (IOException e) {
                // the JobManager's REST endpoint is not up yet
            }
            assertTrue(System.nanoTime() < deadline, expected + " task managers did not register in 2 minutes");
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    @AfterAll
    static void stopCluster() {
        processes.values().forEach(Process::destroyForcibly);
        if (kafka != null) {
            kafka.close();
        }
    }

    /** The cluster's classpath: what Flink's lib folder would hold, plus DJL and TensorFlow; not our own code. */
    private static String clusterClasspath() throws IOException {
        String all = Files.readString(Path.of(System.getProperty("cluster.classpath.file"))).trim();
        List<String> notInLib = List.of("sentiment-", "-tests.jar", "junit", "opentest4j", "log4j-slf4j2-impl",
                "flink-connector-", "flink-test-utils", "/org/apache/kafka/", "/org/apache/avro/", "picocli",
                "jfreechart");
        return List.of(all.split(File.pathSeparator)).stream()
                .filter(entry -> notInLib.stream().noneMatch(entry::contains))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static void start(String name, String mainClass, Path conf, String resourceParams) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = clusterClasspath();
        Process utils = new ProcessBuilder(java, "-cp", classpath, "org.apache.flink.runtime.util.bash.BashJavaUtils",
                resourceParams, "--configDir", conf.toString()).redirectErrorStream(true).start();
        List<String> results = new String(utils.getInputStream().readAllBytes()).lines()
                .filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
                .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length())).toList();
        assertEquals(0, utils.waitFor(), "BashJavaUtils " + resourceParams);
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(List.of(results.get(0).trim().split("\\s+")));
        command.addAll(List.of("--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
                "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
                "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
                "-Dlog.file=" + dir.resolve(name + ".log"), "-Dlog4j.configurationFile=" + conf.resolve(
                        "log4j.properties"), "-Dai.djl.offline=true", "-cp", classpath, mainClass, "--configDir",
                conf.toString()));
        if (results.size() > 1) {
            command.addAll(List.of(results.get(results.size() - 1).trim().split("\\s+")));
        }
        if (name.startsWith("taskmanager")) {
            command.addAll(List.of("-D", "taskmanager.resource-id=" + name));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile());
        builder.environment().put("TENSORFLOW_LIBRARY_PATH", System.getenv("TENSORFLOW_LIBRARY_PATH"));
        builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        processes.put(name, builder.start());
    }

    private static RestClusterClient<StandaloneClusterId> client() throws Exception {
        Configuration config = new Configuration();
        config.set(RestOptions.ADDRESS, "localhost");
        config.set(RestOptions.PORT, restPort);
        return new RestClusterClient<>(config, StandaloneClusterId.getInstance());
    }

    /**
     * Builds the job graph here and submits it with the shaded job jar through the REST API; the task managers load
     * our code from that jar (child-first), DJL and TensorFlow from their own classpath (parent-first).
     */
    private static JobID submit(RestClusterClient<StandaloneClusterId> client, JobConfig config) throws Exception {
        return submit(client, config, null);
    }

    /** The same, restoring the job's state from {@code savepoint} when it is not null. */
    private static JobID submit(RestClusterClient<StandaloneClusterId> client, JobConfig config, String savepoint)
            throws Exception {
        JobGraph graph = PipelineRun.environment(config).getStreamGraph().getJobGraph();
        if (savepoint != null) {
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
        }
        graph.addJar(new org.apache.flink.core.fs.Path(Path.of(System.getProperty("job.jar")).toUri())); // Flink's Path
        return client.submitJob(graph).get(2, TimeUnit.MINUTES);
    }

    private static JobConfig config(String run) {
        JobConfig.Builder b = PipelineRun.namespaced(kafka, model, run);
        b.checkpointInterval = Duration.ofSeconds(1);
        JobConfig config = b.build();
        PipelineRun.createTopics(kafka, config);
        return config;
    }

    @Order(2)
    @Test
    void sigkillOfATaskManagerThenASecondJobInTheSameJvms() throws Exception {
        try (RestClusterClient<StandaloneClusterId> client = client()) {
            for (int run = 1; run <= 2; run++) {
                JobConfig config = config("run" + run);
                JobID job = submit(client, config);
                awaitRunning(client, job);
                ImdbReplay replay = new ImdbReplay(new ReplaySettings(kafka.bootstrapServers(), config.reviewsTopic(),
                        config.labelsTopic(), run == 1 ? 2000 : 0, Duration.ofMillis(500), Duration.ZERO, run,
                        run == 1 ? 20_000 : 2_000, new Properties()), false);
                var replayed = PipelineRun.replayInBackground(replay, imdb.test());
                if (run == 1) {
                    while (replay.reviewsSent() < 8_000) {
                        TimeUnit.MILLISECONDS.sleep(100);
                    }
                    Process victim = processes.get(taskManagerRunning(job));
                    victim.destroyForcibly(); // SIGKILL
                    assertTrue(victim.waitFor(30, TimeUnit.SECONDS));
                }
                ImdbReplay.Result result = replayed.get(5, TimeUnit.MINUTES);
                PipelineRun.awaitConsumed(config, Duration.ofMinutes(5));
                if (run == 1) {
                    Long restarted = client.getJobDetails(job).get().getTimestamps().get(JobStatus.RESTARTING);
                    assertTrue(restarted != null && restarted > 0, "the SIGKILL must have restarted the job");
                }
                client.stopWithSavepoint(job, true, dir.resolve("savepoints-" + run).toUri().toString(),
                        SavepointFormatType.CANONICAL).get(5, TimeUnit.MINUTES);
                assertExactlyOnce(config, result.reviews());
            }
        }
    }

    /**
     * The upgrade and rollback procedure of docs/deploy.md, on the real cluster: the job (parallelism 2) runs under
     * load; stop-with-savepoint through the REST API; the next version is submitted from that savepoint at
     * parallelism 4 and the stream goes on: every review has exactly one sentiment event and the final reports add up
     * to all labels. Then the rollback: the next version is stopped, and the previous one restarts from the savepoint
     * the upgrade was taken from. Reviews after that savepoint are scored again, by design: each has exactly two
     * events with the same probability (to 1e-6: batches of other sizes round differently); those before it keep
     * exactly one; none is missing. (Both versions are this build: the procedure, the state's restore at another
     * parallelism and the outputs are what is checked.)
     */
    @Order(1)
    @Test
    void upgradeFromASavepointAtAnotherParallelismThenRollBack() throws Exception {
        try (RestClusterClient<StandaloneClusterId> client = client()) {
            JobConfig previous = config("upgrade");
            JobID first = submit(client, previous);
            awaitRunning(client, first);
            ImdbReplay replay = new ImdbReplay(new ReplaySettings(kafka.bootstrapServers(), previous.reviewsTopic(),
                    previous.labelsTopic(), 400, Duration.ofMillis(500), Duration.ZERO, 3, 10_000,
                    new Properties()), false);
            var replayed = PipelineRun.replayInBackground(replay, imdb.test());
            while (PipelineRun.read(previous).sentiment().size() < 1_000) {
                TimeUnit.MILLISECONDS.sleep(500); // under load, with output committed
            }
            String upgradePoint = client.stopWithSavepoint(first, false, dir.resolve("savepoints-upgrade").toUri()
                    .toString(), SavepointFormatType.CANONICAL).get(5, TimeUnit.MINUTES);
            awaitFinished(client, first); // its last transaction is committed by then
            Set<String> beforeUpgrade = PipelineRun.read(previous).sentiment().stream()
                    .map(SentimentEvent::getReviewId).collect(Collectors.toSet());
            assertTrue(beforeUpgrade.size() > 500, "scored before the savepoint: " + beforeUpgrade.size());

            JobConfig.Builder next = PipelineRun.namespaced(kafka, model, "upgrade");
            next.checkpointInterval = Duration.ofSeconds(1);
            next.parallelism = 4;
            JobID second = submit(client, next.build(), upgradePoint);
            awaitRunning(client, second);
            List<ImdbReview> reviews = replayed.get(5, TimeUnit.MINUTES).reviews();
            PipelineRun.awaitConsumed(previous, Duration.ofMinutes(5));
            client.stopWithSavepoint(second, true, dir.resolve("savepoints-next").toUri().toString(),
                    SavepointFormatType.CANONICAL).get(5, TimeUnit.MINUTES); // drained: every window final
            awaitFinished(client, second);
            assertExactlyOnce(previous, reviews);
            Map<String, Double> upgraded = PipelineRun.read(previous).sentiment().stream()
                    .collect(Collectors.toMap(SentimentEvent::getReviewId, SentimentEvent::getProbability));

            JobID rollback = submit(client, previous, upgradePoint);
            awaitRunning(client, rollback);
            // the group's committed offsets are at the end already (the next version's): wait for the output instead
            int expected = reviews.size() + reviews.size() - beforeUpgrade.size();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (PipelineRun.read(previous).sentiment().size() < expected) {
                assertTrue(System.nanoTime() < deadline, "the rollback did not score the reviews after the savepoint");
                TimeUnit.MILLISECONDS.sleep(500);
            }
            client.stopWithSavepoint(rollback, false, dir.resolve("savepoints-rollback").toUri().toString(),
                    SavepointFormatType.CANONICAL).get(5, TimeUnit.MINUTES);
            awaitFinished(client, rollback);
            Map<String, List<Double>> events = PipelineRun.read(previous).sentiment().stream()
                    .collect(Collectors.groupingBy(SentimentEvent::getReviewId,
                            Collectors.mapping(SentimentEvent::getProbability, Collectors.toList())));
            assertEquals(upgraded.keySet(), events.keySet(), "no review missing, none invented");
            int scoredAgain = 0;
            for (Map.Entry<String, List<Double>> e : events.entrySet()) {
                double probability = upgraded.get(e.getKey());
                if (beforeUpgrade.contains(e.getKey())) {
                    assertEquals(List.of(probability), e.getValue(), e.getKey() + " was scored before the savepoint");
                } else {
                    // scored in batches of other sizes, which TensorFlow rounds differently in the last digits
                    assertEquals(2, e.getValue().size(), e.getKey() + " after it");
                    assertEquals(probability, e.getValue().get(0), 1e-6, e.getKey());
                    assertEquals(probability, e.getValue().get(1), 1e-6, e.getKey());
                    scoredAgain++;
                }
            }
            assertEquals(reviews.size() - beforeUpgrade.size(), scoredAgain);
            assertTrue(scoredAgain >= 1_000, "the next version scored too little to prove much: " + scoredAgain);
            System.out.printf("CHECK upgrade: %,d reviews, %,d scored before the savepoint, %,d scored again after "
                    + "the rollback%n", reviews.size(), beforeUpgrade.size(), scoredAgain);
        }
    }

    /** Waits until a stopped job is FINISHED: its tasks commit their last transactions before they finish. */
    private static void awaitFinished(RestClusterClient<StandaloneClusterId> client, JobID job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (client.getJobStatus(job).get() != JobStatus.FINISHED) {
            assertTrue(System.nanoTime() < deadline, "job not finished");
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    /** Waits until the job and every one of its tasks run (a task loads its model before it does). */
    private static void awaitRunning(RestClusterClient<StandaloneClusterId> client, JobID job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (client.getJobStatus(job).get() != JobStatus.RUNNING || client.getJobDetails(job).get()
                .getJobVerticesPerState().entrySet().stream()
                .anyMatch(e -> e.getKey() != ExecutionState.RUNNING && e.getValue() > 0)) {
            assertTrue(System.nanoTime() < deadline, "job not running");
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    private static void assertExactlyOnce(JobConfig config, List<ImdbReview> replayed) throws Exception {
        PipelineRun.Outputs outputs = PipelineRun.read(config);
        Set<String> ids = new HashSet<>();
        for (SentimentEvent event : outputs.sentiment()) {
            assertTrue(ids.add(event.getReviewId()), "duplicate " + event.getReviewId());
        }
        assertEquals(replayed.stream().map(ImdbReview::id).collect(Collectors.toSet()), ids);
        assertEquals(replayed.size(), outputs.finalSum(AccuracyReport::getCount));
        System.out.printf("CHECK %s: %,d reviews, %,d sentiment events, %,d labeled in final reports%n",
                config.groupId(), replayed.size(), outputs.sentiment().size(),
                outputs.finalSum(AccuracyReport::getCount));
    }
}
