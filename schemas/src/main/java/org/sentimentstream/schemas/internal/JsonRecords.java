package org.sentimentstream.schemas.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.sentimentstream.schemas.AvroDecodeException;
import org.sentimentstream.schemas.DeadLetterReason;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON objects to specific records and back, field by field as the record's Avro schema says: strings, longs, ints,
 * enums as their symbol, maps of strings as objects, optional ({@code ["null", X]}) fields as null or absent, and
 * {@code timestamp-millis} as epoch milliseconds or an ISO-8601 date-time with an offset (written as milliseconds).
 * Fields the schema does not have are ignored, as Avro's resolution ignores fields only the writer has.
 */
public final class JsonRecords {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonRecords() {}

    /** Throws {@link IllegalArgumentException} when {@code schema} uses a type this mapping does not cover. */
    public static void requireSupported(Schema schema) {
        for (Schema.Field field : schema.getFields()) {
            requireSupported(field.schema(), schema.getName() + "." + field.name());
        }
    }

    private static void requireSupported(Schema schema, String where) {
        switch (schema.getType()) {
            case STRING, LONG, INT, ENUM -> { }
            case MAP -> requireSupported(schema.getValueType(), where + " values");
            case UNION -> {
                if (schema.getTypes().size() != 2 || schema.getTypes().get(0).getType() != Schema.Type.NULL) {
                    throw new IllegalArgumentException("json format: " + where + " is a union other than [null, X]");
                }
                requireSupported(schema.getTypes().get(1), where);
            }
            default -> throw new IllegalArgumentException("json format: " + where + " has unsupported type "
                    + schema.getType());
        }
    }

    /** The record of {@code schema} that {@code object} holds. */
    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> T toRecord(JsonNode object, Schema schema, SpecificData data)
            throws AvroDecodeException {
        if (!object.isObject()) {
            throw malformed("a JSON " + kind(object) + ", not an object");
        }
        T record = (T) data.newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            JsonNode node = object.get(field.name());
            Object value;
            if (node == null || node.isNull()) {
                if (field.schema().isNullable()) {
                    value = null;
                } else if (node == null && field.hasDefaultValue()) {
                    value = data.deepCopy(field.schema(), data.getDefaultValue(field));
                } else {
                    throw new AvroDecodeException(DeadLetterReason.MISSING_FIELD, "field " + field.name() + " is "
                            + (node == null ? "missing" : "null"), null);
                }
            } else {
                value = value(node, field.schema(), field.name(), data);
            }
            record.put(field.pos(), value);
        }
        return record;
    }

    private static Object value(JsonNode node, Schema schema, String field, SpecificData data)
            throws AvroDecodeException {
        switch (schema.getType()) {
            case UNION:
                return value(node, schema.getTypes().get(1), field, data);
            case STRING:
                if (!node.isTextual()) {
                    throw malformed("field " + field + ": expected a string, got a " + kind(node));
                }
                return node.textValue();
            case INT:
                if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                    throw malformed("field " + field + ": expected an int, got " + node);
                }
                return node.intValue();
            case LONG:
                return schema.getLogicalType() instanceof LogicalTypes.TimestampMillis
                        ? timestamp(node, field)
                        : longValue(node, field);
            case ENUM:
                if (!node.isTextual() || !schema.hasEnumSymbol(node.textValue())) {
                    throw malformed("field " + field + ": " + node + " is not one of " + schema.getEnumSymbols());
                }
                return data.createEnum(node.textValue(), schema);
            case MAP:
                if (!node.isObject()) {
                    throw malformed("field " + field + ": expected an object, got a " + kind(node));
                }
                Map<String, Object> map = new LinkedHashMap<>();
                for (var entry : node.properties()) {
                    map.put(entry.getKey(), value(entry.getValue(), schema.getValueType(),
                            field + "." + entry.getKey(), data));
                }
                return map;
            default:
                throw new IllegalStateException("unsupported type, refused by requireSupported: " + schema);
        }
    }

    private static long longValue(JsonNode node, String field) throws AvroDecodeException {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw malformed("field " + field + ": expected a long, got " + node);
        }
        return node.longValue();
    }

    private static Instant timestamp(JsonNode node, String field) throws AvroDecodeException {
        if (node.isTextual()) {
            try {
                Instant instant = OffsetDateTime.parse(node.textValue()).toInstant();
                instant.toEpochMilli(); // within the range of a timestamp-millis
                return instant;
            } catch (DateTimeException | ArithmeticException e) {
                throw malformed("field " + field + ": " + node + " is not an ISO-8601 date-time with an offset "
                        + "(e.g. 2024-05-01T12:00:00Z) within the range of epoch milliseconds");
            }
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw malformed("field " + field + ": expected epoch milliseconds or an ISO-8601 string, got " + node);
        }
        return Instant.ofEpochMilli(node.longValue());
    }

    /** {@code record} as a JSON object, timestamps as epoch milliseconds. */
    public static ObjectNode toJson(SpecificRecord record) {
        ObjectNode object = NODES.objectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            object.set(field.name(), json(record.get(field.pos()), field.schema()));
        }
        return object;
    }

    private static JsonNode json(Object value, Schema schema) {
        if (value == null) {
            return NODES.nullNode();
        }
        return switch (schema.getType()) {
            case UNION -> json(value, schema.getTypes().get(1));
            case STRING, ENUM -> NODES.textNode(value.toString());
            case INT -> NODES.numberNode((Integer) value);
            case LONG -> NODES.numberNode(value instanceof Instant instant ? instant.toEpochMilli()
                    : (long) (Long) value);
            case MAP -> {
                ObjectNode map = NODES.objectNode();
                ((Map<?, ?>) value).forEach((k, v) -> map.set(k.toString(), json(v, schema.getValueType())));
                yield map;
            }
            default -> throw new IllegalStateException("unsupported type, refused by requireSupported: " + schema);
        };
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static AvroDecodeException malformed(String message) {
        return new AvroDecodeException(DeadLetterReason.MALFORMED, message, null);
    }
}
