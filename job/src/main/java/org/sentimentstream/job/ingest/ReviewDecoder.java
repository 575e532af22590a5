package org.sentimentstream.job.ingest;

import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.sentimentstream.schemas.AvroDecodeException;
import org.sentimentstream.schemas.RecordSerde;
import org.sentimentstream.schemas.DeadLetterReason;
import org.sentimentstream.schemas.Review;

/**
 * Reviews topic records to {@link ReviewEvent}s: rejects empty ids, empty or whitespace-only texts and event times
 * too far in the future; cuts texts longer than {@code maxChars} (at a code-point boundary) and flags them. Texts
 * are scored as Avro decodes them: invalid UTF-8 becomes U+FFFD, control characters stay (the graph treats them as
 * spaces).
 */
public final class ReviewDecoder extends RecordDecoder<ReviewEvent> {
    private static final long serialVersionUID = 1L;

    private final RecordSerde<Review> serde;
    private final int maxChars;
    private final long maxFutureSkewMs;

    /** @param serde reads the topic's format ({@code RecordFormat}) */
    public ReviewDecoder(RecordSerde<Review> serde, int maxChars, long maxFutureSkewMs) {
        this.serde = serde;
        this.maxChars = maxChars;
        this.maxFutureSkewMs = maxFutureSkewMs;
    }

    @Override
    protected Decoded<ReviewEvent> decode(ConsumerRecord<byte[], byte[]> record) throws AvroDecodeException {
        Review review = serde.deserialize(record.value());
        if (review.getReviewId().isBlank()) {
            throw new InvalidEventException(DeadLetterReason.MISSING_FIELD, "review_id is empty");
        }
        String text = review.getText();
        if (text.isBlank()) {
            throw new InvalidEventException(DeadLetterReason.EMPTY_TEXT,
                    "text of review " + review.getReviewId() + " is empty or whitespace only");
        }
        boolean truncated = text.length() > maxChars;
        if (truncated) {
            int end = Character.isHighSurrogate(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
            text = text.substring(0, end);
        }
        long eventTime = review.getEventTime().toEpochMilli();
        checkNotInFuture(eventTime, maxFutureSkewMs, "event_time of review", review.getReviewId());
        return Decoded.of(new ReviewEvent(review.getReviewId(), text, eventTime, truncated), eventTime);
    }

    @Override
    public TypeInformation<Decoded<ReviewEvent>> getProducedType() {
        return TypeInformation.of(new TypeHint<>() {});
    }
}
