package org.sentimentstream.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentimentstream.job.testutils.PipelineRun;
import org.sentimentstream.local.EmbeddedKafkaBroker;
import org.sentimentstream.local.FreePort;
import org.sentimentstream.model.ModelMetadata;
import org.sentimentstream.model.SentimentModel;
import org.sentimentstream.replay.ImdbReplay;
import org.sentimentstream.replay.ReplaySettings;
import org.sentimentstream.schemas.SentimentEvent;
import org.sentimentstream.trainer.imdb.ImdbDataset;
import org.sentimentstream.trainer.imdb.ImdbReview;
import org.sentimentstream.trainer.testutils.RealImdb;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The images of docker/ run for real (not part of {@code mvn verify}; {@code docker/check-images.sh} builds the images
 * and runs it with {@code -Djob.image=... -Dtrainer.image=...} against its own Docker engine): the trainer image
 * trains a model into a mounted folder through its entrypoint, then the job image runs that model as a JobManager
 * ({@code standalone-job}, application mode, the jar from usrlib/) and a TaskManager container against an in-process
 * broker on the loopback. Asserted: the model was written with its golden file, every replayed review comes out
 * exactly once with the probability the same model gives here on the host, and the Prometheus reporter of the
 * TaskManager serves the job's own metrics. Container logs: {@code job/target/container-image-check/}.
 */
class ContainerImageCheck {
    private static final int REVIEWS = 300;

    @TempDir
    static Path dir;
    /** Container and trainer logs, kept after the run. */
    private static final Path LOGS = Path.of("target", "container-image-check");

    private static final List<String> containers = new ArrayList<>();
    private static EmbeddedKafkaBroker kafka;
    private static ImdbDataset imdb;

    @BeforeAll
    static void start() throws IOException {
        Files.createDirectories(LOGS);
        imdb = RealImdb.dataset();
        kafka = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (String name : containers) {
            docker(List.of("logs", name), Duration.ofSeconds(30), LOGS.resolve(name + ".log"));
            docker(List.of("rm", "-f", name), Duration.ofSeconds(60), null);
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void trainerImageTrainsAndJobImageScoresEveryReviewOnce() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(models, PosixFilePermissions.fromString("rwxrwxrwx")); // the image's own user
        Path data = RealImdb.path();
        int trained = docker(List.of("run", "--rm", "--network", "none", "--hostname", "localhost", "--read-only", "--tmpfs", "/tmp",
                "-v", models + ":/models", "-v", data + ":/data/imdb.tar.gz:ro",
                System.getProperty("trainer.image"),
                "--model-dir", "/models/imdb", "--data", "/data/imdb.tar.gz", "--epochs", "2", "--threads", "2"),
                Duration.ofMinutes(10), LOGS.resolve("trainer.log"));
        assertEquals(0, trained, "trainer image failed: " + Files.readString(LOGS.resolve("trainer.log")));
        Path model = models.resolve("imdb");
        assertTrue(Files.exists(model.resolve("saved_model.pb")) && Files.exists(model.resolve("golden.jsonl")));

        JobConfig.Builder b = PipelineRun.namespaced(kafka, model, "container");
        b.checkpointInterval = Duration.ofSeconds(1);
        b.parallelism = 1;
        JobConfig config = b.build();
        PipelineRun.createTopics(kafka, config);

        int prometheusPort = FreePort.onLoopback();
        startJobManager(config, FreePort.onLoopback());
        startTaskManager(prometheusPort);

        ImdbReplay replay = new ImdbReplay(new ReplaySettings(kafka.bootstrapServers(), config.reviewsTopic(),
                config.labelsTopic(), 0, Duration.ofMillis(500), Duration.ZERO, 7, REVIEWS, new Properties()), false);
        List<ImdbReview> replayed = replay.run(imdb.test()).reviews();
        PipelineRun.awaitConsumed(config, Duration.ofMinutes(5));

        List<SentimentEvent> events = PipelineRun.read(config).sentiment();
        Map<String, SentimentEvent> byId = events.stream()
                .collect(Collectors.toMap(SentimentEvent::getReviewId, Function.identity()));
        assertEquals(replayed.size(), events.size(), "one event per review");
        assertEquals(replayed.stream().map(ImdbReview::id).collect(Collectors.toSet()), byId.keySet());
        String version = ModelMetadata.read(model).modelVersion();
        try (SentimentModel host = SentimentModel.load(model)) {
            float[] logits = host.logits(replayed.stream().map(ImdbReview::text).toList());
            for (int i = 0; i < replayed.size(); i++) {
                SentimentEvent event = byId.get(replayed.get(i).id());
                assertEquals(version, event.getModelVersion());
                assertEquals(1 / (1 + Math.exp(-logits[i])), event.getProbability(), 1e-5, replayed.get(i).id());
            }
        }
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + prometheusPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("inference_ms"), "the TaskManager's Prometheus reporter serves the job metrics");
        System.out.printf("CHECK container images: model %s trained in the trainer image; %d reviews, %d events "
                + "from the job image, probabilities equal to the host's; Prometheus reporter up%n", version,
                replayed.size(), events.size());
    }

    /** The Flink settings both containers share: everything on 127.0.0.1, free ports, small memory. */
    private static String flinkProperties(int rpcPort, int restPort, int blobPort, int prometheusPort) {
        return String.join("\n",
                "jobmanager.rpc.address: 127.0.0.1",
                "jobmanager.rpc.port: " + rpcPort,
                "jobmanager.bind-host: 127.0.0.1",
                "rest.address: 127.0.0.1",
                "rest.bind-address: 127.0.0.1",
                "rest.port: " + restPort,
                "blob.server.port: " + blobPort,
                "taskmanager.host: 127.0.0.1",
                "taskmanager.bind-host: 127.0.0.1",
                "jobmanager.memory.process.size: 1024m",
                "taskmanager.memory.process.size: 2048m",
                "taskmanager.memory.managed.size: 64m",
                "metrics.reporter.prom.port: " + prometheusPort);
    }

    private static int rpcPort;
    private static int restPort;
    private static int blobPort;

    private static void startJobManager(JobConfig config, int prometheusPort) throws Exception {
        rpcPort = FreePort.onLoopback();
        restPort = FreePort.onLoopback();
        blobPort = FreePort.onLoopback();
        List<String> args = new ArrayList<>(List.of("standalone-job", "--job-classname",
                FlinkJobMain.class.getName(),
                "--bootstrap-servers", config.bootstrapServers(), "--group-id", config.groupId(),
                "--reviews-topic", config.reviewsTopic(), "--labels-topic", config.labelsTopic(),
                "--sentiment-topic", config.sentimentTopic(), "--accuracy-topic", config.accuracyTopic(),
                "--dead-letter-topic", config.deadLetterTopic(), "--model-dir", "/models/imdb",
                "--checkpoint-interval", "1s", "--parallelism", "1", "--window", "10s"));
        run("sentiment-check-jobmanager", prometheusPort, args);
    }

    private static void startTaskManager(int prometheusPort) throws Exception {
        run("sentiment-check-taskmanager", prometheusPort, List.of("taskmanager"));
    }

    private static void run(String name, int prometheusPort, List<String> args) throws Exception {
        Path model = dir.resolve("models");
        List<String> command = new ArrayList<>(List.of("run", "-d", "--name", name, "--network", "host",
                "-v", model + ":/models:ro",
                "-e", "FLINK_PROPERTIES=" + flinkProperties(rpcPort, restPort, blobPort, prometheusPort),
                System.getProperty("job.image")));
        command.addAll(args);
        containers.add(name);
        assertEquals(0, docker(command, Duration.ofMinutes(1), null), "docker run " + name);
    }

    /** Runs the docker CLI (DOCKER_HOST from the environment); output to {@code log} or discarded. */
    private static int docker(List<String> args, Duration timeout, Path log) throws IOException,
            InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.redirectOutput(log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(
                log.toFile()));
        Process process = builder.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("docker " + args.get(0) + " took longer than " + timeout);
        }
        return process.exitValue();
    }

}
