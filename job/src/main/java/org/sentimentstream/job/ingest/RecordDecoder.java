package org.sentimentstream.job.ingest;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.sentimentstream.schemas.AvroDecodeException;
import org.sentimentstream.schemas.DeadLetterReason;

import java.time.Clock;
import java.time.Instant;

/**
 * Decodes Kafka records of one topic into events, never throwing: a record that does not decode or does not pass
 * the checks becomes a {@link Rejected} carrying its bytes (cut to fit, see {@link RecordLimits}) and the reason, so
 * bad input can neither fail the job nor disappear.
 */
public abstract class RecordDecoder<T> implements KafkaRecordDeserializationSchema<Decoded<T>> {
    private static final long serialVersionUID = 1L;

    private final RecordLimits limits;
    private final long maxFutureSkewMs;
    private final Clock clock;

    protected RecordDecoder(RecordLimits limits, long maxFutureSkewMs, Clock clock) {
        this.limits = limits;
        this.maxFutureSkewMs = maxFutureSkewMs;
        this.clock = clock;
    }

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

    private Rejected reject(ConsumerRecord<byte[], byte[]> record, DeadLetterReason reason, String error) {
        return limits.deadLetter(record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                reason.name(), error, clock.millis());
    }

    /** Checks a review id against what the outputs can carry; {@code what} names it in the message. */
    protected void checkId(String id, String what) {
        if (id.isBlank()) {
            throw new InvalidEventException(DeadLetterReason.MISSING_FIELD, what + " is empty");
        }
        if (!limits.idFits(id)) {
            throw new InvalidEventException(DeadLetterReason.ID_TOO_LONG, what + " of " + RecordLimits.utf8Length(id)
                    + " bytes is longer than the " + limits.reviewIdMaxBytes() + " bytes allowed (review-id-max-bytes)"
                    + ", starting " + id.substring(0, Math.min(id.length(), 40)));
        }
    }

    /**
     * Checks an event or label time: Kafka cannot carry a negative timestamp on the outputs derived from it, and one
     * further ahead of the clock than {@code maxFutureSkewMs} would push its partition's watermark into the future
     * and make every later record late. The message ({@code what} and {@code reviewId}) is built only on failure.
     */
    protected void checkTime(long time, String what, String reviewId) {
        if (time < 0) {
            throw new InvalidEventException(DeadLetterReason.EVENT_TIME_BEFORE_EPOCH, what + " " + reviewId + " is "
                    + time + " ms, before 1970-01-01T00:00:00Z: Kafka timestamps cannot be negative");
        }
        long now = clock.millis();
        if (time - now > maxFutureSkewMs) {
            throw new InvalidEventException(DeadLetterReason.EVENT_TIME_IN_FUTURE, what + " " + reviewId + " "
                    + Instant.ofEpochMilli(time) + " is more than " + maxFutureSkewMs / 1000
                    + " s ahead of the clock (" + Instant.ofEpochMilli(now) + ")");
        }
    }

    @Override
    public abstract TypeInformation<Decoded<T>> getProducedType();

    /** A record that decoded but breaks the contract (an empty id, an empty text...). */
    protected static final class InvalidEventException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final DeadLetterReason reason;

        public InvalidEventException(DeadLetterReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
