package org.sentimentstream.schemas;

import java.io.Serializable;

/**
 * One record type in one wire format ({@link RecordFormat}): bytes of a Kafka record value to the record and back.
 * Implementations are thread-safe and serializable, so a Flink function can hold one.
 *
 * @param <T> the generated record class
 */
public interface RecordSerde<T> extends Serializable {

    /** The record as this format writes it. */
    byte[] serialize(T record);

    /**
     * The record in {@code bytes}; throws naming the reason as a dead-letter category, and in words what exactly
     * was wrong (the field, the schema fingerprint or id).
     */
    T deserialize(byte[] bytes) throws AvroDecodeException;
}
