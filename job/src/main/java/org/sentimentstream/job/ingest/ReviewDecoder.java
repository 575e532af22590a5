package org.sentimentstream.job.ingest;

import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.sentimentstream.model.TextWords;
import org.sentimentstream.schemas.AvroDecodeException;
import org.sentimentstream.schemas.RecordSerde;
import org.sentimentstream.schemas.DeadLetterReason;
import org.sentimentstream.schemas.Review;

import java.time.Clock;

/**
 * Reviews topic records to {@link ReviewEvent}s: rejects empty or too long ids, texts in which the model finds no
 * word (empty, whitespace, markup, emoji or invisible characters only: {@link TextWords}), and event times Kafka
 * cannot carry or too far in the future; cuts texts longer than {@code maxChars} (at a code-point boundary) and flags
 * them. Texts are scored as Avro decodes them: invalid UTF-8 becomes U+FFFD, control characters stay (the graph
 * treats them as spaces).
 */
public final class ReviewDecoder extends RecordDecoder<ReviewEvent> {
    private static final long serialVersionUID = 1L;

    private final RecordSerde<Review> serde;
    private final int maxChars;

    /** @param serde reads the topic's format ({@code RecordFormat}) */
    public ReviewDecoder(RecordSerde<Review> serde, int maxChars, RecordLimits limits, long maxFutureSkewMs,
            Clock clock) {
        super(limits, maxFutureSkewMs, clock);
        this.serde = serde;
        this.maxChars = maxChars;
    }

    @Override
    protected Decoded<ReviewEvent> decode(ConsumerRecord<byte[], byte[]> record) throws AvroDecodeException {
        Review review = serde.deserialize(record.value());
        String id = review.getReviewId();
        checkId(id, "review_id");
        long eventTime = review.getEventTime().toEpochMilli();
        checkTime(eventTime, "event_time of review", id);
        String text = review.getText();
        boolean truncated = text.length() > maxChars;
        if (truncated) {
            int end = Character.isHighSurrogate(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
            text = text.substring(0, end);
        }
        if (!TextWords.containsWord(text)) {
            throw new InvalidEventException(DeadLetterReason.EMPTY_TEXT, "text of review " + id + " has no word "
                    + "the model can read (" + (text.isEmpty() ? "empty" : text.isBlank() ? "whitespace only"
                    : "no letter or digit outside markup") + ")");
        }
        return Decoded.of(new ReviewEvent(id, text, eventTime, truncated), eventTime);
    }

    @Override
    public TypeInformation<Decoded<ReviewEvent>> getProducedType() {
        return TypeInformation.of(new TypeHint<>() {});
    }
}
