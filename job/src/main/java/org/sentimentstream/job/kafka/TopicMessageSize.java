package org.sentimentstream.job.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.sentimentstream.job.JobConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The smallest {@code max.message.bytes} of the job's output topics: a broker refuses a record over its topic's
 * limit just as the producer refuses one over {@code max.request.size}, and either failure would restart the job on
 * the same record forever. Topics that do not exist yet are skipped (the broker's default applies when they are
 * created). When Kafka cannot be asked, the job starts on {@code max.request.size} alone and says so.
 */
final class TopicMessageSize {
    private static final Logger LOG = LoggerFactory.getLogger(TopicMessageSize.class);

    private TopicMessageSize() {}

    static OptionalInt smallest(JobConfig config) {
        Properties p = config.clientProperties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        List<String> topics = List.of(config.sentimentTopic(), config.accuracyTopic(), config.deadLetterTopic());
        try (Admin admin = Admin.create(p)) {
            int smallest = Integer.MAX_VALUE;
            var described = admin.describeConfigs(topics.stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList()).values();
            for (Map.Entry<ConfigResource, org.apache.kafka.common.KafkaFuture<Config>> e : described.entrySet()) {
                try {
                    var entry = e.getValue().get(15, TimeUnit.SECONDS).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                    if (entry != null && entry.value() != null) {
                        smallest = Math.min(smallest, Integer.parseInt(entry.value()));
                    }
                } catch (ExecutionException missing) {
                    if (!(missing.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw missing;
                    }
                }
            }
            return smallest == Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of(smallest);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.warn("could not read max.message.bytes of {} ({}): outputs are sized by max.request.size alone",
                    topics, cause.toString());
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }
}
