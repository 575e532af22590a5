package org.sentimentstream.local;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool$;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.sentimentstream.local.FreePort;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * A single-node Kafka (KRaft, combined broker and controller) inside this JVM, on loopback: the broker of
 * {@code ./sentiment demo} and of the integration tests. Its log directory survives {@link #stop()}, so
 * {@link #start()} again resumes the same cluster on the same port (a broker outage, as tests need it). With
 * {@link #startWithSaslPlain} its client listener requires SASL/PLAIN credentials; the broker's own traffic and
 * {@link #createTopics} use an internal plaintext listener.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    /** Largest record batch the broker takes: 16 MiB, room for a 10 MB review. */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private final Path logDir;
    private final int brokerPort;
    private final int controllerPort;
    private final int internalPort;
    private final Map<String, String> saslUsers;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(Path logDir, Map<String, String> saslUsers) {
        this.logDir = logDir;
        this.brokerPort = FreePort.onLoopback();
        this.controllerPort = FreePort.onLoopback();
        this.internalPort = FreePort.onLoopback();
        this.saslUsers = saslUsers;
    }

    /** Formats {@code logDir} as a new cluster and starts the broker on free loopback ports. */
    public static EmbeddedKafkaBroker start(Path logDir) {
        return formatAndStart(new EmbeddedKafkaBroker(logDir, Map.of()));
    }

    /** Like {@link #start}, with a client listener that takes only these SASL/PLAIN users (name to password). */
    public static EmbeddedKafkaBroker startWithSaslPlain(Path logDir, Map<String, String> users) {
        if (users.isEmpty()) {
            throw new IllegalArgumentException("SASL needs at least one user");
        }
        return formatAndStart(new EmbeddedKafkaBroker(logDir, Map.copyOf(users)));
    }

    private static EmbeddedKafkaBroker formatAndStart(EmbeddedKafkaBroker broker) {
        broker.format();
        broker.start();
        return broker;
    }

    /** {@code host:port} for clients (SASL/PLAIN when started with users). */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    private Properties properties() {
        String client = saslUsers.isEmpty() ? "PLAINTEXT" : "SASL_PLAINTEXT";
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("listeners", "CLIENT://127.0.0.1:" + brokerPort + ",INTERNAL://127.0.0.1:" + internalPort
                + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "CLIENT://127.0.0.1:" + brokerPort + ",INTERNAL://127.0.0.1:"
                + internalPort);
        p.setProperty("inter.broker.listener.name", "INTERNAL");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("listener.security.protocol.map",
                "CLIENT:" + client + ",INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT");
        if (!saslUsers.isEmpty()) {
            p.setProperty("sasl.enabled.mechanisms", "PLAIN");
            StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
            saslUsers.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"")
                    .append(password).append('"'));
            p.setProperty("listener.name.client.plain.sasl.jaas.config", jaas.append(';').toString());
        }
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("log.dirs", logDir.toAbsolutePath().toString());
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("num.partitions", "1");
        p.setProperty("transaction.max.timeout.ms", "900000");
        p.setProperty("message.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
        p.setProperty("replica.fetch.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
        return p;
    }

    private void format() {
        try {
            Files.createDirectories(logDir);
            Path config = logDir.resolveSibling(logDir.getFileName() + ".properties");
            try (Writer writer = Files.newBufferedWriter(config)) {
                properties().store(writer, "embedded broker");
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int code = StorageTool$.MODULE$.execute(new String[] {"format", "--cluster-id",
                Uuid.randomUuid().toString(), "--config", config.toString(), "--ignore-formatted"},
                    new PrintStream(output, true, StandardCharsets.UTF_8));
            if (code != 0) {
                throw new IllegalStateException("cannot format " + logDir + ": " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
        }
    }

    /** Starts (or restarts, on the same port and data) the broker. */
    public synchronized void start() {
        if (server == null) {
            server = new KafkaRaftServer(KafkaConfig.fromProps(properties()), Time.SYSTEM);
            server.startup();
        }
    }

    /** Stops the broker, keeping its data. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** Creates topics (idempotent) with the given partition count and replication factor 1. */
    public void createTopics(int partitions, List<String> topics) {
        try (Admin admin = internalAdmin()) {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic, e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Deletes topics; the broker removes their logs shortly after. */
    public void deleteTopics(List<String> topics) {
        try (Admin admin = internalAdmin()) {
            admin.deleteTopics(topics).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot delete topics " + topics, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An admin client on the internal plaintext listener, which needs no credentials. */
    private Admin internalAdmin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + internalPort));
    }

    @Override
    public void close() {
        stop();
    }
}
