package org.sentimentstream.local;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Follows topics from their beginning as a read_committed consumer without a group, as a dashboard does: {@link
 * #run} hands every record to the handler until {@link #stop}, and the tail knows how far it has read.
 */
public final class TopicTail implements Runnable {
    /** Takes each record with the time it was read. */
    public interface Handler {
        void take(ConsumerRecord<byte[], byte[]> record, long readAt);
    }

    private static final Duration METADATA_WAIT = Duration.ofSeconds(30);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Handler handler;
    private volatile boolean stopped;
    private volatile Map<TopicPartition, Long> positions = Map.of();

    /** Assigns every partition of {@code topics} at once, so nothing written from now on can be missed. */
    public TopicTail(String bootstrapServers, Properties clientProperties, List<String> topics, Handler handler) {
        this.handler = handler;
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            partitionsOf(topic).forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /**
     * A topic created a moment ago may not be in the broker's metadata yet, and then has no partitions: asks again
     * for a while rather than tail nothing.
     */
    private List<PartitionInfo> partitionsOf(String topic) {
        long deadline = System.nanoTime() + METADATA_WAIT.toNanos();
        List<PartitionInfo> partitions = consumer.partitionsFor(topic);
        while (partitions.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            partitions = consumer.partitionsFor(topic);
        }
        if (partitions.isEmpty()) {
            consumer.close();
            throw new IllegalStateException("topic " + topic + " has no partitions: does it exist?");
        }
        return partitions;
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                var records = consumer.poll(Duration.ofMillis(100));
                long now = System.currentTimeMillis();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    handler.take(record, now);
                }
                Map<TopicPartition, Long> at = new HashMap<>();
                for (TopicPartition partition : consumer.assignment()) {
                    at.put(partition, consumer.position(partition));
                }
                positions = at;
            }
        } catch (WakeupException e) {
            // stop() woke us up
        } finally {
            consumer.close();
        }
    }

    /** Whether everything committed to the topics up to {@code endOffsets} has been handed to the handler. */
    public boolean caughtUpWith(Map<TopicPartition, Long> endOffsets) {
        Map<TopicPartition, Long> at = positions;
        return endOffsets.entrySet().stream().allMatch(e -> at.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    /** Ends {@link #run} (from any thread); the consumer is closed on the running thread. */
    public void stop() {
        stopped = true;
        consumer.wakeup();
    }
}
