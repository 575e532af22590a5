package org.sentimentstream.schemas;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.sentimentstream.schemas.internal.FieldNamingReader;
import org.sentimentstream.schemas.internal.FrameHints;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * One record type in Confluent's framing (the {@code confluent-avro} format): byte 0, the writer schema's registry id
 * as a 4-byte big-endian int, the Avro binary body. The writer schema is fetched from the {@link SchemaRegistry} by
 * id once and resolved to the record's schema by Avro's resolving decoder, so evolved writers (fields added with
 * defaults, removed or reordered) are read. A schema that cannot be fetched (registry unreachable after its bounded
 * retries, id unknown) or resolved makes the record {@link DeadLetterReason#UNKNOWN_SCHEMA} with the id and the
 * cause; a failed fetch is remembered for {@link #RETRY_AFTER}, so a registry outage costs each id one bounded
 * lookup per period instead of one per record. Writing registers the record's schema under the subject once.
 *
 * @param <T> the generated record class
 */
public final class ConfluentAvroSerde<T extends SpecificRecord> implements RecordSerde<T> {
    private static final long serialVersionUID = 1L;
    /** How long a failed schema lookup is answered from memory before the registry is asked again. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(30);
    private static final byte MAGIC = 0;
    private static final int HEADER_BYTES = 5;

    private final Class<T> type;
    private final String subject;
    private final SchemaRegistry.Settings registrySettings;
    private transient SchemaRegistry registry;
    private transient Map<Integer, Lookup<T>> lookups;
    private transient volatile Integer registeredId;

    /** A fetched and resolved writer schema, or why there is none and whether to ask again after a while. */
    private record Lookup<T>(FieldNamingReader<T> reader, String failure, boolean transientFailure,
            long retryAtNanos) {

        boolean expired() {
            return transientFailure && System.nanoTime() - retryAtNanos >= 0;
        }
    }

    private ConfluentAvroSerde(Class<T> type, String subject, SchemaRegistry.Settings registrySettings) {
        this.type = type;
        this.subject = subject;
        this.registrySettings = registrySettings;
    }

    /** Reads and writes {@code type} with the registry of {@code settings}; writes register under {@code subject}. */
    public static <T extends SpecificRecord> ConfluentAvroSerde<T> of(Class<T> type, String subject,
            SchemaRegistry.Settings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("the confluent-avro format needs --schema-registry-url");
        }
        return new ConfluentAvroSerde<>(type, subject, settings);
    }

    private Schema schema() {
        return SpecificData.get().getSchema(type);
    }

    @Override
    public byte[] serialize(T record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(MAGIC);
            out.write(ByteBuffer.allocate(4).putInt(registeredId()).array());
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            new SpecificDatumWriter<T>(schema(), SpecificData.getForClass(type)).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private int registeredId() throws IOException {
        Integer id = registeredId;
        if (id == null) {
            synchronized (this) {
                if (registeredId == null) {
                    registeredId = registry().register(subject, schema());
                }
                id = registeredId;
            }
        }
        return id;
    }

    @Override
    public T deserialize(byte[] bytes) throws AvroDecodeException {
        if (bytes == null) {
            throw new AvroDecodeException(DeadLetterReason.TOMBSTONE, "null value (tombstone)", null);
        }
        if (bytes.length < HEADER_BYTES || bytes[0] != MAGIC) {
            throw new AvroDecodeException(DeadLetterReason.NOT_AVRO, "not a Confluent-framed Avro record: "
                    + (bytes.length < HEADER_BYTES ? bytes.length + " bytes, shorter than its 5-byte header"
                            : "magic byte " + (bytes[0] & 0xFF) + ", not 0") + FrameHints.otherFormat(bytes,
                                    "confluent-avro"), null);
        }
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        return reader(id).read(bytes, HEADER_BYTES);
    }

    private FieldNamingReader<T> reader(int id) throws AvroDecodeException {
        Lookup<T> lookup = lookups().get(id);
        if (lookup == null || lookup.expired()) {
            lookup = lookup(id);
            lookups().put(id, lookup);
        }
        if (lookup.reader() == null) {
            throw new AvroDecodeException(DeadLetterReason.UNKNOWN_SCHEMA, lookup.failure(), null);
        }
        return lookup.reader();
    }

    private Lookup<T> lookup(int id) {
        Schema writer;
        try {
            writer = registry().schemaById(id);
        } catch (SchemaRegistry.RegistryException e) {
            return new Lookup<>(null, "written with a schema this reader cannot get: " + e.getMessage()
                    + " (asked again after " + RETRY_AFTER.toSeconds() + " s)", true,
                    System.nanoTime() + RETRY_AFTER.toNanos());
        }
        var compatibility = SchemaCompatibility.checkReaderWriterCompatibility(schema(), writer);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            // a registered id never changes its schema: this answer holds for good
            return new Lookup<>(null, "written with schema id " + id + " (" + writer.getFullName()
                    + "), which cannot be resolved to " + type.getSimpleName() + ": " + compatibility.getResult()
                            .getIncompatibilities().stream().map(i -> i.getMessage() + " at " + i.getLocation())
                            .collect(Collectors.joining("; ")), false, 0);
        }
        return new Lookup<>(new FieldNamingReader<>(writer, schema(), SpecificData.getForClass(type)), null, false, 0);
    }

    private synchronized SchemaRegistry registry() {
        if (registry == null) {
            registry = new SchemaRegistry(registrySettings);
        }
        return registry;
    }

    private synchronized Map<Integer, Lookup<T>> lookups() {
        if (lookups == null) {
            lookups = new ConcurrentHashMap<>();
        }
        return lookups;
    }
}
