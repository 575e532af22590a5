package org.sentimentstream.schemas;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

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
    private static final int HEADER_BYTES = 10;

    private final Class<T> type;
    private final String[] extraWriterSchemas;
    private transient BinaryMessageEncoder<T> encoder;
    private transient Map<Long, FieldNamingReader<T>> readers;

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

    /**
     * Reads single-object-encoded bytes: the header (C3 01 and the writer schema's 64-bit fingerprint), then exactly
     * one record, checked against the bytes left before anything is allocated ({@link BoundedBinaryDecoder}).
     */
    public T deserialize(byte[] bytes) throws AvroDecodeException {
        if (bytes == null) {
            throw new AvroDecodeException(DeadLetterReason.TOMBSTONE, "null value (tombstone)", null);
        }
        if (bytes.length < HEADER_BYTES || bytes[0] != (byte) 0xC3 || bytes[1] != 0x01) {
            throw new AvroDecodeException(DeadLetterReason.NOT_AVRO, notAvro(bytes), null);
        }
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        FieldNamingReader<T> reader = readers().get(fingerprint);
        if (reader == null) {
            throw new AvroDecodeException(DeadLetterReason.UNKNOWN_SCHEMA, String.format(
                    "written with a schema this reader does not know: fingerprint %016x (CRC-64-AVRO, as in the "
                            + "header, read little-endian)", fingerprint), null);
        }
        BoundedBinaryDecoder decoder = new BoundedBinaryDecoder(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES);
        T record;
        try {
            record = reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new AvroDecodeException(DeadLetterReason.MALFORMED,
                    "malformed " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        if (decoder.remaining() > 0) {
            throw new AvroDecodeException(DeadLetterReason.MALFORMED, "malformed " + type.getSimpleName() + ": "
                    + decoder.remaining() + " bytes after the end of the record", null);
        }
        return record;
    }

    private static String notAvro(byte[] bytes) {
        if (bytes.length < HEADER_BYTES) {
            return "not Avro single-object encoding: " + bytes.length + " bytes, shorter than its 10-byte header";
        }
        String found = String.format("0x%02X 0x%02X", bytes[0], bytes[1]);
        if (bytes[0] == 0) {
            int schemaId = ByteBuffer.wrap(bytes, 1, 4).getInt();
            return "not Avro single-object encoding (starts " + found + ", not 0xC3 0x01): it looks Confluent-framed"
                    + " (magic byte 0, schema id " + schemaId + "); read such a topic with the confluent-avro format";
        }
        return "not Avro single-object encoding: starts " + found + ", not 0xC3 0x01";
    }

    private BinaryMessageEncoder<T> encoder() {
        if (encoder == null) {
            encoder = new BinaryMessageEncoder<>(SpecificData.getForClass(type), schema());
        }
        return encoder;
    }

    /** A reader per known writer schema, by fingerprint: the record's own schema and the resolving ones. */
    private Map<Long, FieldNamingReader<T>> readers() {
        if (readers == null) {
            Map<Long, FieldNamingReader<T>> byFingerprint = new HashMap<>();
            Schema reader = schema();
            SpecificData data = SpecificData.getForClass(type);
            byFingerprint.put(SchemaNormalization.parsingFingerprint64(reader),
                    new FieldNamingReader<>(reader, reader, data));
            for (String writer : extraWriterSchemas) {
                Schema parsed = new Schema.Parser().parse(writer);
                byFingerprint.put(SchemaNormalization.parsingFingerprint64(parsed),
                        new FieldNamingReader<>(parsed, reader, data));
            }
            readers = byFingerprint;
        }
        return readers;
    }
}
