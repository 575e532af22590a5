package org.sentimentstream.schemas;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.sentimentstream.schemas.internal.FrameHints;
import org.sentimentstream.schemas.internal.JsonRecords;

import java.nio.charset.StandardCharsets;

/**
 * One record type as one JSON object per record (the {@code json} format), with the fields of the record's Avro
 * schema under their Avro names: {@code {"review_id": "r1", "text": "Great film", "event_time": 1714564800000}};
 * {@code timestamp-millis} fields as epoch milliseconds or ISO-8601 ({@code "2024-05-01T12:00:00Z"}), enums as
 * their symbol, optional fields null or absent, unknown fields ignored. A required field that is missing or null is
 * {@link DeadLetterReason#MISSING_FIELD}; a value of the wrong type, bytes that are not one JSON object, or anything
 * after it are {@link DeadLetterReason#MALFORMED}, each naming the field. Thread-safe.
 *
 * @param <T> the generated record class
 */
public final class JsonSerde<T extends SpecificRecord> implements RecordSerde<T> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Class<T> type;

    private JsonSerde(Class<T> type) {
        this.type = type;
    }

    public static <T extends SpecificRecord> JsonSerde<T> of(Class<T> type) {
        JsonRecords.requireSupported(SpecificData.get().getSchema(type));
        return new JsonSerde<>(type);
    }

    private Schema schema() {
        return SpecificData.get().getSchema(type);
    }

    @Override
    public byte[] serialize(T record) {
        return JsonRecords.toJson(record).toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public T deserialize(byte[] bytes) throws AvroDecodeException {
        if (bytes == null) {
            throw new AvroDecodeException(DeadLetterReason.TOMBSTONE, "null value (tombstone)", null);
        }
        com.fasterxml.jackson.databind.JsonNode tree;
        try {
            tree = JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw new AvroDecodeException(DeadLetterReason.MALFORMED, "not one JSON " + type.getSimpleName()
                    + " object: " + e.getOriginalMessage() + location(e) + FrameHints.otherFormat(bytes, "json"), e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("reading a byte array cannot fail on I/O", e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new AvroDecodeException(DeadLetterReason.MALFORMED, "no JSON value, only whitespace", null);
        }
        return JsonRecords.toRecord(tree, schema(), SpecificData.getForClass(type));
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null ? "" : " at byte " + e.getLocation().getByteOffset();
    }
}
