package org.sentimentstream.schemas;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.sentimentstream.schemas.internal.FieldNamingReader;
import org.sentimentstream.schemas.internal.FrameHints;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads and writes one record type as Avro single-object encoding (the {@code avro} format): marker {@code C3 01},
 * the writer schema's 64-bit fingerprint (little-endian), the Avro binary body. A reader accepts the record's own
 * schema and any schema added with {@link #resolving(Schema)} (resolved to the record's schema by Avro's resolving
 * decoder); bytes written with any other schema are rejected as {@link DeadLetterReason#UNKNOWN_SCHEMA} with the
 * fingerprint in hex, never misread, and bytes left after a complete record are {@link DeadLetterReason#MALFORMED}.
 * Thread-safe; serializable so a Flink function can hold one.
 *
 * @param <T> the generated record class
 */
public final class AvroSerde<T extends SpecificRecord> implements RecordSerde<T> {
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

    /**
     * A serde that also reads bytes written with {@code writerSchema}, an older or newer compatible schema (fields
     * added with defaults, removed or reordered). Throws {@link IllegalArgumentException} saying why when Avro
     * cannot resolve it to the record's schema.
     */
    public AvroSerde<T> resolving(Schema writerSchema) {
        var compatibility = SchemaCompatibility.checkReaderWriterCompatibility(schema(), writerSchema);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new IllegalArgumentException("writer schema " + writerSchema.getFullName() + " "
                    + fingerprintHex(writerSchema) + " cannot be resolved to ours: " + compatibility.getResult()
                            .getIncompatibilities().stream().map(i -> i.getMessage() + " at " + i.getLocation())
                            .collect(Collectors.joining("; ")));
        }
        String[] schemas = Arrays.copyOf(extraWriterSchemas, extraWriterSchemas.length + 1);
        schemas[schemas.length - 1] = writerSchema.toString();
        return new AvroSerde<>(type, schemas);
    }

    /** {@link #resolving(Schema)} each of {@code writerSchemas} that names this record type; the others are skipped. */
    public AvroSerde<T> resolvingThoseOfItsType(List<Schema> writerSchemas) {
        AvroSerde<T> serde = this;
        for (Schema writer : writerSchemas) {
            if (writer.getType() == Schema.Type.RECORD && writer.getFullName().equals(schema().getFullName())) {
                serde = serde.resolving(writer);
            }
        }
        return serde;
    }

    public Class<T> type() {
        return type;
    }

    /** The record's schema. */
    public Schema schema() {
        return SpecificData.get().getSchema(type);
    }

    /** A schema's single-object fingerprint as it is printed in messages: {@code 0x} and 16 hex digits. */
    public static String fingerprintHex(Schema schema) {
        return hex(SchemaNormalization.parsingFingerprint64(schema));
    }

    @Override
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

    @Override
    public T deserialize(byte[] bytes) throws AvroDecodeException {
        if (bytes == null) {
            throw new AvroDecodeException(DeadLetterReason.TOMBSTONE, "null value (tombstone)", null);
        }
        if (bytes.length < HEADER_BYTES || bytes[0] != (byte) 0xC3 || bytes[1] != 0x01) {
            throw new AvroDecodeException(DeadLetterReason.NOT_AVRO, "not Avro single-object encoding: "
                    + (bytes.length < HEADER_BYTES ? bytes.length + " bytes, shorter than its 10-byte header"
                            : "no marker C3 01") + FrameHints.otherFormat(bytes, "avro"), null);
        }
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        FieldNamingReader<T> reader = readers().get(fingerprint);
        if (reader == null) {
            throw new AvroDecodeException(DeadLetterReason.UNKNOWN_SCHEMA, "written with a schema this reader does "
                    + "not know: fingerprint " + hex(fingerprint) + "; it reads " + known()
                    + " (more with --writer-schemas)", null);
        }
        return reader.read(bytes, HEADER_BYTES);
    }

    private String known() {
        return readers().keySet().stream().sorted().map(AvroSerde::hex)
                .collect(Collectors.joining(", ", type.getSimpleName() + " ", ""));
    }

    private static String hex(long fingerprint) {
        return String.format(Locale.ROOT, "0x%016x", fingerprint);
    }

    private BinaryMessageEncoder<T> encoder() {
        if (encoder == null) {
            encoder = new BinaryMessageEncoder<>(SpecificData.getForClass(type), schema());
        }
        return encoder;
    }

    private Map<Long, FieldNamingReader<T>> readers() {
        if (readers == null) {
            SpecificData data = SpecificData.getForClass(type);
            Map<Long, FieldNamingReader<T>> byFingerprint = new HashMap<>();
            byFingerprint.put(SchemaNormalization.parsingFingerprint64(schema()),
                    new FieldNamingReader<>(schema(), schema(), data));
            for (String json : extraWriterSchemas) {
                Schema writer = new Schema.Parser().parse(json);
                byFingerprint.put(SchemaNormalization.parsingFingerprint64(writer),
                        new FieldNamingReader<>(writer, schema(), data));
            }
            readers = Map.copyOf(byFingerprint);
        }
        return readers;
    }
}
