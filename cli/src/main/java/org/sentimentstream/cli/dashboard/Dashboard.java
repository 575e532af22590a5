package org.sentimentstream.cli.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sentimentstream.local.TopicTail;
import org.sentimentstream.schemas.AvroSerde;
import org.sentimentstream.schemas.RecordSerde;
import org.sentimentstream.schemas.Review;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Properties;

/** The live dashboard: a feed thread following the topics and the web server showing what it read. */
public final class Dashboard implements AutoCloseable {
    private final TopicTail tail;
    private final Thread feeding;
    private final DashboardServer server;

    private Dashboard(TopicTail tail, Thread feeding, DashboardServer server) {
        this.tail = tail;
        this.feeding = feeding;
        this.server = server;
    }

    /** {@link #start(String, Properties, DashboardTopics, RecordSerde, InetSocketAddress)} of Avro reviews. */
    public static Dashboard start(String bootstrapServers, Properties clientProperties, DashboardTopics topics,
            InetSocketAddress address) throws IOException {
        return start(bootstrapServers, clientProperties, topics, AvroSerde.of(Review.class), address);
    }

    /**
     * Starts following {@code topics} from their beginning, the reviews read with {@code reviews} (the reviews
     * topic's format), and serving the page at {@code address}.
     */
    public static Dashboard start(String bootstrapServers, Properties clientProperties, DashboardTopics topics,
            RecordSerde<Review> reviews, InetSocketAddress address) throws IOException {
        DashboardStats stats = new DashboardStats();
        ObjectMapper json = new ObjectMapper();
        DashboardServer server = DashboardServer.start(address, () -> {
            try {
                return json.writeValueAsString(stats.snapshot());
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        });
        TopicTail tail;
        try {
            tail = new TopicTail(bootstrapServers, clientProperties, topics.all(), new DashboardFeed(topics, reviews,
                    stats));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        Thread feeding = new Thread(tail, "dashboard-feed");
        feeding.setDaemon(true);
        feeding.start();
        return new Dashboard(tail, feeding, server);
    }

    public URI url() {
        return server.url();
    }

    /** Runs until the process is stopped (Ctrl-C). */
    public void awaitStop() throws InterruptedException {
        feeding.join();
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
        tail.stop();
        feeding.join();
    }
}
