package org.sentimentstream.job.ingest;

import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.sentimentstream.job.score.ModelCommandEvent;
import org.sentimentstream.job.score.ModelDescriptor;
import org.sentimentstream.schemas.AvroDecodeException;
import org.sentimentstream.schemas.AvroSerde;
import org.sentimentstream.schemas.DeadLetterReason;
import org.sentimentstream.schemas.ModelCommand;

import java.time.Clock;

/**
 * Models topic records (Avro single-object {@code ModelCommand}s) to {@link ModelCommandEvent}s; an unreadable
 * command or one without a version or a directory is dead-lettered like any bad input.
 */
public final class ModelCommandDecoder extends RecordDecoder<ModelCommandEvent> {
    private static final long serialVersionUID = 1L;

    private final AvroSerde<ModelCommand> serde = AvroSerde.of(ModelCommand.class);

    public ModelCommandDecoder(RecordLimits limits, Clock clock) {
        super(limits, Long.MAX_VALUE, clock);
    }

    @Override
    protected Decoded<ModelCommandEvent> decode(ConsumerRecord<byte[], byte[]> record) throws AvroDecodeException {
        ModelCommand command = serde.deserialize(record.value());
        if (command.getModelVersion().isBlank() || command.getUri().isBlank()) {
            throw new InvalidEventException(DeadLetterReason.MISSING_FIELD, "model command for '"
                    + command.getModelVersion() + "' has an empty model_version or uri");
        }
        return Decoded.of(new ModelCommandEvent(ModelDescriptor.of(command), record.topic(), record.partition(),
                record.offset(), record.value()), command.getIssuedAt().toEpochMilli());
    }

    @Override
    public TypeInformation<Decoded<ModelCommandEvent>> getProducedType() {
        return TypeInformation.of(new TypeHint<>() {});
    }
}
