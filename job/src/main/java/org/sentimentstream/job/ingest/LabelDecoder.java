package org.sentimentstream.job.ingest;

import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.sentimentstream.schemas.AvroDecodeException;
import org.sentimentstream.schemas.RecordSerde;
import org.sentimentstream.schemas.ReviewLabel;
import org.sentimentstream.schemas.Sentiment;

import java.time.Clock;

/**
 * Labels topic records to {@link LabelEvent}s; a label with an empty or too long review id, or a label time Kafka
 * cannot carry or too far in the future, is rejected, and so is an undecodable label value (MALFORMED).
 */
public final class LabelDecoder extends RecordDecoder<LabelEvent> {
    private static final long serialVersionUID = 1L;

    private final RecordSerde<ReviewLabel> serde;

    /** @param serde reads the topic's format ({@code RecordFormat}) */
    public LabelDecoder(RecordSerde<ReviewLabel> serde, RecordLimits limits, long maxFutureSkewMs, Clock clock) {
        super(limits, maxFutureSkewMs, clock);
        this.serde = serde;
    }

    @Override
    protected Decoded<LabelEvent> decode(ConsumerRecord<byte[], byte[]> record) throws AvroDecodeException {
        ReviewLabel label = serde.deserialize(record.value());
        checkId(label.getReviewId(), "review_id");
        long labelTime = label.getLabelTime().toEpochMilli();
        checkTime(labelTime, "label_time of the label for", label.getReviewId());
        return Decoded.of(new LabelEvent(label.getReviewId(), label.getLabel() == Sentiment.POSITIVE, labelTime),
                labelTime);
    }

    @Override
    public TypeInformation<Decoded<LabelEvent>> getProducedType() {
        return TypeInformation.of(new TypeHint<>() {});
    }
}
