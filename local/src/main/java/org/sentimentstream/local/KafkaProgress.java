package org.sentimentstream.local;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** Where topics end and how far a consumer group got: how a driver of the job knows it has read all input. */
public final class KafkaProgress implements AutoCloseable {
    private final Admin admin;

    public KafkaProgress(String bootstrapServers) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** The last stable offset of every partition of the topics (the end as read_committed consumers see it). */
    public Map<TopicPartition, Long> endOffsets(List<String> topics) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (var description : admin.describeTopics(topics).allTopicNames().get().values()) {
            description.partitions().forEach(p ->
                    request.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        ListOffsetsResult result = admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED));
        for (var entry : result.all().get().entrySet()) {
            ends.put(entry.getKey(), entry.getValue().offset());
        }
        return ends;
    }

    /** Whether {@code group} has committed offsets at or past {@code ends} on every partition. */
    public boolean consumed(String group, Map<TopicPartition, Long> ends) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        return ends.entrySet().stream().allMatch(e -> {
            OffsetAndMetadata at = committed.get(e.getKey());
            return at != null ? at.offset() >= e.getValue() : e.getValue() == 0;
        });
    }

    @Override
    public void close() {
        admin.close();
    }
}
