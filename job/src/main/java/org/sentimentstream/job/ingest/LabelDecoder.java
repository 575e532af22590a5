package org.sentimentstream.job.ingest;

import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.sentimentstream.schemas.AvroDecodeException;
import org.sentimentstream.schemas.RecordSerde;
import org.sentimentstream.schemas.DeadLetterReason;
import org.sentimentstream.schemas.ReviewLabel;

/**
 * Labels topic records to {@link LabelEvent}s; a label with an empty review id or a label time too far in the
 * future is rejected, and so is an undecodable label value (MALFORMED).
 */
public final class LabelDecoder extends RecordDecoder<LabelEvent> {
    private static final long serialVersionUID = 1L;

    private final RecordSerde<ReviewLabel> serde;
    private final long maxFutureSkewMs;

    /** @param serde reads the topic's format ({@code RecordFormat}) */
    public LabelDecoder(RecordSerde<ReviewLabel> serde, long maxFutureSkewMs) {
        this.serde = serde;
        this.maxFutureSkewMs = maxFutureSkewMs;
    }

    @Override
    protected Decoded<LabelEvent> decode(ConsumerRecord<byte[], byte[]> record) throws AvroDecodeException {
        ReviewLabel label = serde.deserialize(record.value());
        if (label.getReviewId().isBlank()) {
            throw new InvalidEventException(DeadLetterReason.MISSING_FIELD, "review_id is empty");
        }
        long labelTime = label.getLabelTime().toEpochMilli();
        checkNotInFuture(labelTime, maxFutureSkewMs, "label_time of the label for", label.getReviewId());
        return Decoded.of(new LabelEvent(label.getReviewId(),
                label.getLabel() == org.sentimentstream.schemas.Sentiment.POSITIVE, labelTime), labelTime);
    }

    @Override
    public TypeInformation<Decoded<LabelEvent>> getProducedType() {
        return TypeInformation.of(new TypeHint<>() {});
    }
}
