package org.sentimentstream.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sentimentstream.schemas.testutils.JavaSerialization;
import org.sentimentstream.schemas.testutils.InProcessSchemaRegistry;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Properties;

class ConfluentAvroSerdeTest {
    private final InProcessSchemaRegistry registry = InProcessSchemaRegistry.start();
    private final ConfluentAvroSerde<Review> serde = ConfluentAvroSerde.of(Review.class, "reviews-value",
            new SchemaRegistry.Settings(registry.url(), null));
    private final Review review = Review.newBuilder().setReviewId("r1").setText("Great film")
            .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L)).build();

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void writesTheConfluentFrameWithTheRegisteredIdAndReadsItBack() throws Exception {
        byte[] bytes = serde.serialize(review);
        int id = registry.register(Review.getClassSchema());
        assertEquals(0, bytes[0]);
        assertEquals(id, ByteBuffer.wrap(bytes, 1, 4).getInt());
        assertEquals(review, serde.deserialize(bytes));
        assertEquals(review, serde.deserialize(serde.serialize(review)));
        assertEquals(1, registry.lookups(), "the writer schema is fetched once per id");
    }

    @Test
    void resolvesAnEvolvedWriterFromTheRegistry() throws Exception {
        Schema evolved = SchemaBuilder.record("Review").namespace("org.sentimentstream.schemas").fields()
                .optionalString("language")
                .name("event_time").type(Schema.create(Schema.Type.LONG)).noDefault()
                .requiredString("review_id")
                .requiredString("text")
                .endRecord();
        GenericRecord record = new GenericData.Record(evolved);
        record.put("language", "en");
        record.put("event_time", 1_700_000_000_000L);
        record.put("review_id", "r1");
        record.put("text", "Great film");
        assertEquals(review, serde.deserialize(framed(registry.register(evolved), evolved, record)));
    }

    @Test
    void anUnknownIdIsUnknownSchemaAndIsNotAskedForAgainAtOnce() {
        byte[] bytes = {0, 0, 0, 0, 99, 2, 'x'};
        AvroDecodeException e = assertThrows(AvroDecodeException.class, () -> serde.deserialize(bytes));
        assertEquals(DeadLetterReason.UNKNOWN_SCHEMA, e.reason());
        assertTrue(e.getMessage().startsWith("written with a schema this reader cannot get: schema id 99: registry "
                + registry.url() + " answered HTTP 404"), e.getMessage());
        assertThrows(AvroDecodeException.class, () -> serde.deserialize(bytes));
        assertEquals(1, registry.lookups());
    }

    @Test
    void anUnreachableRegistryIsUnknownSchemaAfterBoundedRetries() {
        registry.close();
        AvroDecodeException e = assertThrows(AvroDecodeException.class,
                () -> serde.deserialize(new byte[] {0, 0, 0, 0, 1, 2, 'x'}));
        assertEquals(DeadLetterReason.UNKNOWN_SCHEMA, e.reason());
        assertTrue(e.getMessage().contains("unreachable after 3 attempts"), e.getMessage());
    }

    @Test
    void anIncompatibleWriterIsUnknownSchemaWithTheReason() {
        int id = registry.register(ReviewLabel.getClassSchema());
        AvroDecodeException e = assertThrows(AvroDecodeException.class,
                () -> serde.deserialize(new byte[] {0, 0, 0, 0, (byte) id, 2, 'x'}));
        assertEquals(DeadLetterReason.UNKNOWN_SCHEMA, e.reason());
        assertTrue(e.getMessage().startsWith("written with schema id " + id
                + " (org.sentimentstream.schemas.ReviewLabel), which cannot be resolved to Review"), e.getMessage());
    }

    @Test
    void framesOfOtherFormatsAndTrailingBytesAreRejectedWithTheirCause() {
        AvroDecodeException single = assertThrows(AvroDecodeException.class,
                () -> serde.deserialize(AvroSerde.of(Review.class).serialize(review)));
        assertEquals(DeadLetterReason.NOT_AVRO, single.reason());
        assertTrue(single.getMessage().startsWith("not a Confluent-framed Avro record: magic byte 195, not 0; they "
                + "look like avro"), single.getMessage());
        byte[] bytes = serde.serialize(review);
        AvroDecodeException trailing = assertThrows(AvroDecodeException.class,
                () -> serde.deserialize(Arrays.copyOf(bytes, bytes.length + 3)));
        assertEquals("malformed Review: 3 bytes after the complete record", trailing.getMessage());
    }

    @Test
    void sendsBasicAuthFromConfluentClientProperties() throws Exception {
        try (InProcessSchemaRegistry secured = InProcessSchemaRegistry.start("sentiment:s3cret")) {
            Properties client = new Properties();
            client.setProperty("basic.auth.user.info", "sentiment:s3cret");
            var withAuth = ConfluentAvroSerde.of(Review.class, "reviews-value",
                    SchemaRegistry.Settings.of(secured.url(), client));
            assertEquals(review, withAuth.deserialize(withAuth.serialize(review)));
            var without = ConfluentAvroSerde.of(Review.class, "reviews-value",
                    new SchemaRegistry.Settings(secured.url(), null));
            AvroDecodeException e = assertThrows(AvroDecodeException.class,
                    () -> without.deserialize(withAuth.serialize(review)));
            assertTrue(e.getMessage().contains("answered HTTP 401"), e.getMessage());
        }
    }

    @Test
    void survivesJavaSerializationAsFlinkShipsIt() throws Exception {
        RecordSerde<Review> copy = JavaSerialization.roundTrip(serde);
        assertEquals(review, copy.deserialize(serde.serialize(review)));
    }

    @Test
    void needsARegistry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecordFormat.CONFLUENT_AVRO.serde(Review.class, "reviews", FormatOptions.none()));
        assertEquals("the confluent-avro format needs --schema-registry-url", e.getMessage());
    }

    private static byte[] framed(int id, Schema schema, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
