package org.sentimentstream.job.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.sentimentstream.schemas.AvroDecodeException;
import org.sentimentstream.schemas.AvroSerde;
import org.sentimentstream.schemas.ModelCommand;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The models topic from a client's side ({@code ./sentiment models}, the demo): issue a command, and read every
 * command issued so far, in order. Commands are keyed by model version and sent idempotently with {@code acks=all}.
 */
public final class ModelCommands {
    private final String bootstrapServers;
    private final Properties clientProperties;
    private final String topic;
    private final AvroSerde<ModelCommand> serde = AvroSerde.of(ModelCommand.class);

    /** A command as the topic holds it, at its offset. */
    public record Issued(long offset, ModelCommand command) {}

    public ModelCommands(String bootstrapServers, Properties clientProperties, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = clientProperties;
        this.topic = topic;
    }

    /** Sends {@code command} and returns its offset once the broker has it. */
    public long issue(ModelCommand command, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // delivery.timeout.ms must cover request.timeout.ms: a third of the time for each request
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis() / 3));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeout.toMillis()));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(topic, null, command.getIssuedAt().toEpochMilli(),
                    command.getModelVersion().getBytes(StandardCharsets.UTF_8), serde.serialize(command)))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
        }
    }

    /**
     * Every command on the topic up to its end when called, in offset order; throws {@link TimeoutException} if they
     * cannot be read within {@code timeout}, and {@link AvroDecodeException} for a record that is no command.
     */
    public List<Issued> readAll(Duration timeout) throws TimeoutException, AvroDecodeException {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
        List<Issued> issued = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("could not read topic " + topic + " within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    issued.add(new Issued(record.offset(), serde.deserialize(record.value())));
                }
            }
        }
        return issued;
    }
}
