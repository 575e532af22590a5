package org.sentimentstream.job.ingest;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.sentimentstream.schemas.AvroDecodeException;
import org.sentimentstream.schemas.DeadLetterReason;

/**
 * Decodes Kafka records of one topic into events, never throwing: a record that does not decode or does not pass
 * the checks becomes a {@link Rejected} carrying its bytes and the reason, so bad input can neither fail the job
 * nor disappear.
 */
public abstract class RecordDecoder<T> implements KafkaRecordDeserializationSchema<Decoded<T>> {
    private static final long serialVersionUID = 1L;
    /** Dead letters keep at most this many of the original bytes, so they fit the producer's request size. */
    static final int MAX_KEPT_BYTES = 512 * 1024;

    @Override
    public final void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Decoded<T>> out) {
        try {
            out.collect(decode(record));
        } catch (AvroDecodeException e) {
            out.collect(Decoded.rejected(reject(record, e.reason(), e.getMessage())));
        } catch (InvalidEventException e) {
            out.collect(Decoded.rejected(reject(record, e.reason, e.getMessage())));
        } catch (RuntimeException e) {
            out.collect(Decoded.rejected(reject(record, DeadLetterReason.MALFORMED, e.toString())));
        }
    }

    /** Decodes and checks one record; throws {@link InvalidEventException} for a decodable but unusable one. */
    protected abstract Decoded<T> decode(ConsumerRecord<byte[], byte[]> record) throws AvroDecodeException;

    private static Rejected reject(ConsumerRecord<byte[], byte[]> record, DeadLetterReason reason, String error) {
        byte[] value = record.value();
        if (value != null && value.length > MAX_KEPT_BYTES) {
            error += " (value cut to its first " + MAX_KEPT_BYTES + " of " + value.length + " bytes)";
            value = java.util.Arrays.copyOf(value, MAX_KEPT_BYTES);
        }
        return new Rejected(record.topic(), record.partition(), record.offset(), record.key(), value,
                reason.name(), error, System.currentTimeMillis());
    }

    /**
     * Checks an event or label time: one further ahead of the clock than {@code maxFutureSkewMs} would push its
     * partition's watermark into the future and make every later record late, so it is rejected. The message
     * ({@code what} and {@code reviewId}) is built only then, not for every record.
     */
    protected static void checkNotInFuture(long time, long maxFutureSkewMs, String what, String reviewId) {
        long now = System.currentTimeMillis();
        if (time > now + maxFutureSkewMs) {
            throw new InvalidEventException(DeadLetterReason.EVENT_TIME_IN_FUTURE, what + " " + reviewId + " "
                    + java.time.Instant.ofEpochMilli(time) + " is more than " + maxFutureSkewMs / 1000
                    + " s ahead of the clock (" + java.time.Instant.ofEpochMilli(now) + ")");
        }
    }

    @Override
    public abstract TypeInformation<Decoded<T>> getProducedType();

    /** A record that decoded but breaks the contract (an empty id, an empty text...). */
    protected static final class InvalidEventException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final DeadLetterReason reason;

        public InvalidEventException(DeadLetterReason reason, String message) {
            super(message);
            this.reason = reason;
        }
    }
}
