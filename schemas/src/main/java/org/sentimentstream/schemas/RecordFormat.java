package org.sentimentstream.schemas;

import org.apache.avro.specific.SpecificRecord;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The wire formats of the input topics, one per topic ({@code --reviews-format}, {@code --labels-format}). All
 * three carry the same fields, those of the topic's Avro schema.
 */
public enum RecordFormat {
    /** Avro single-object encoding ({@link AvroSerde}); writer schemas other than ours given as files. */
    AVRO("avro"),
    /** Confluent framing: byte 0, a 4-byte schema id, Avro binary ({@link ConfluentAvroSerde}); needs a registry. */
    CONFLUENT_AVRO("confluent-avro"),
    /** One JSON object per record ({@link JsonSerde}). */
    JSON("json");

    private final String id;

    RecordFormat(String id) {
        this.id = id;
    }

    /** The name on the command line: {@code avro}, {@code confluent-avro} or {@code json}. */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }

    /** The format named {@code id}; an unknown name is an {@link IllegalArgumentException} listing the known. */
    public static RecordFormat parse(String id) {
        for (RecordFormat format : values()) {
            if (format.id.equals(id.toLowerCase(Locale.ROOT))) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown format '" + id + "': use " + Arrays.stream(values())
                .map(RecordFormat::id).collect(Collectors.joining(", ")));
    }

    /**
     * The serde of {@code type} in this format for {@code topic} (whose value subject, {@code topic-value}, a
     * Confluent writer registers its schema under). Throws {@link IllegalArgumentException} when {@code options}
     * lack what the format needs or hold a writer schema that cannot be resolved to ours.
     */
    public <T extends SpecificRecord> RecordSerde<T> serde(Class<T> type, String topic, FormatOptions options) {
        return switch (this) {
            case AVRO -> AvroSerde.of(type).resolvingThoseOfItsType(options.parsedWriterSchemas());
            case CONFLUENT_AVRO -> ConfluentAvroSerde.of(type, topic + "-value", options.schemaRegistry());
            case JSON -> JsonSerde.of(type);
        };
    }
}
