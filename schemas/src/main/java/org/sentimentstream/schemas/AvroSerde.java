package org.sentimentstream.schemas;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * Reads and writes one record type as Avro single-object encoding. A reader accepts the record's own schema and
 * any schema added with {@link #resolving(Schema)} (resolved to the record's schema); bytes written with any other
 * schema are rejected as {@link DeadLetterReason#UNKNOWN_SCHEMA}, never misread. Thread-safe; serializable so a
 * Flink function can hold one.
 *
 * @param <T> the generated record class
 */
public final class AvroSerde<T extends SpecificRecord> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final String[] extraWriterSchemas;
    private transient BinaryMessageEncoder<T> encoder;
    private transient BinaryMessageDecoder<T> decoder;

    private AvroSerde(Class<T> type, String[] extraWriterSchemas) {
        this.type = type;
        this.extraWriterSchemas = extraWriterSchemas;
    }

    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
        return new AvroSerde<>(type, new String[0]);
    }

    /** A serde that also reads bytes written with {@code writerSchema}, an older or newer compatible schema. */
    public AvroSerde<T> resolving(Schema writerSchema) {
        String[] schemas = java.util.Arrays.copyOf(extraWriterSchemas, extraWriterSchemas.length + 1);
        schemas[schemas.length - 1] = writerSchema.toString();
        return new AvroSerde<>(type, schemas);
    }

    public Class<T> type() {
        return type;
    }

    /** The record's schema. */
    public Schema schema() {
        return SpecificData.get().getSchema(type);
    }

    public byte[] serialize(T record) {
        try {
            ByteBuffer buffer = encoder().encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
        }
    }

    public T deserialize(byte[] bytes) throws AvroDecodeException {
        if (bytes == null) {
            throw new AvroDecodeException(DeadLetterReason.TOMBSTONE, "null value (tombstone)", null);
        }
        try {
            return decoder().decode(bytes);
        } catch (BadHeaderException e) {
            throw new AvroDecodeException(DeadLetterReason.NOT_AVRO,
                    "not Avro single-object encoding: " + e.getMessage(), e);
        } catch (MissingSchemaException e) {
            throw new AvroDecodeException(DeadLetterReason.UNKNOWN_SCHEMA,
                    "written with a schema this reader does not know: " + e.getMessage(), e);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new AvroDecodeException(DeadLetterReason.MALFORMED,
                    "malformed " + type.getSimpleName() + ": " + e, e);
        }
    }

    private BinaryMessageEncoder<T> encoder() {
        if (encoder == null) {
            encoder = new BinaryMessageEncoder<>(SpecificData.getForClass(type), schema());
        }
        return encoder;
    }

    private BinaryMessageDecoder<T> decoder() {
        if (decoder == null) {
            BinaryMessageDecoder<T> d = new BinaryMessageDecoder<>(SpecificData.getForClass(type), schema());
            for (String writer : extraWriterSchemas) {
                d.addSchema(new Schema.Parser().parse(writer));
            }
            decoder = d;
        }
        return decoder;
    }
}
