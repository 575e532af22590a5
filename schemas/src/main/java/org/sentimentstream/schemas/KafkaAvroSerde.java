package org.sentimentstream.schemas;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.avro.specific.SpecificRecord;

/**
 * {@link AvroSerde} as a Kafka {@link Serde}, for producers and consumers of our topics:
 * {@code new KafkaConsumer<>(props, new StringDeserializer(), KafkaAvroSerde.of(SentimentEvent.class).deserializer())}.
 * Undecodable bytes throw {@link SerializationException} naming the reason. Needs kafka-clients on the classpath.
 */
public final class KafkaAvroSerde<T extends SpecificRecord> implements Serde<T> {
    private final AvroSerde<T> avro;

    private KafkaAvroSerde(AvroSerde<T> avro) {
        this.avro = avro;
    }

    public static <T extends SpecificRecord> KafkaAvroSerde<T> of(Class<T> type) {
        return new KafkaAvroSerde<>(AvroSerde.of(type));
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, record) -> record == null ? null : avro.serialize(record);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return avro.deserialize(bytes);
            } catch (AvroDecodeException e) {
                throw new SerializationException(e.reason() + ": " + e.getMessage(), e);
            }
        };
    }
}
