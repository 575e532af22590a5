package org.sentimentstream.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;
import org.sentimentstream.schemas.testutils.JavaSerialization;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

class AvroSerdeTest {
    private final AvroSerde<Review> serde = AvroSerde.of(Review.class);
    private final Review review = Review.newBuilder()
            .setReviewId("test/pos/1_10")
            .setText("Great <br /> film, ünïcode 😀")
            .setEventTime(Instant.ofEpochMilli(1_700_000_000_123L))
            .setSource("imdb/test")
            .setMetadata(Map.of("rating", "10"))
            .build();

    @Test
    void roundTripsWithTheSingleObjectHeader() throws Exception {
        byte[] bytes = serde.serialize(review);
        assertEquals((byte) 0xC3, bytes[0]);
        assertEquals((byte) 0x01, bytes[1]);
        byte[] fingerprint = ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(org.apache.avro.SchemaNormalization.parsingFingerprint64(Review.getClassSchema())).array();
        assertArrayEquals(fingerprint, Arrays.copyOfRange(bytes, 2, 10));
        assertEquals(review, serde.deserialize(bytes));
    }

    @Test
    void everyRecordTypeRoundTrips() throws Exception {
        SentimentEvent event = SentimentEvent.newBuilder().setReviewId("r").setEventTime(Instant.EPOCH)
                .setScoredAt(Instant.ofEpochMilli(5)).setProbability(0.75).setLabel(Sentiment.POSITIVE)
                .setLogit(1.1f).setModelVersion("abc").setTruncated(false).build();
        assertEquals(event, AvroSerde.of(SentimentEvent.class).deserialize(
                AvroSerde.of(SentimentEvent.class).serialize(event)));
        DeadLetter letter = DeadLetter.newBuilder().setSourceTopic("reviews").setSourcePartition(0)
                .setSourceOffset(7).setKey(null).setValue(ByteBuffer.wrap(new byte[] {1, 2}))
                .setReason(DeadLetterReason.NOT_AVRO).setError("bad").setTime(Instant.EPOCH).build();
        assertEquals(letter, AvroSerde.of(DeadLetter.class).deserialize(AvroSerde.of(DeadLetter.class)
                .serialize(letter)));
        ModelCommand command = ModelCommand.newBuilder().setModelVersion("0123456789abcdef")
                .setUri("/models/0123456789abcdef").setSha256("ab".repeat(32)).setRole(ModelRole.CHALLENGER)
                .setIssuedAt(Instant.ofEpochMilli(1_700_000_000_000L)).build();
        assertEquals(command, AvroSerde.of(ModelCommand.class).deserialize(AvroSerde.of(ModelCommand.class)
                .serialize(command)));
    }

    @Test
    void classifiesWhatCannotBeRead() {
        assertEquals(DeadLetterReason.TOMBSTONE, reason(null));
        assertEquals(DeadLetterReason.NOT_AVRO, reason("hello, not avro".getBytes()));
        byte[] bytes = serde.serialize(review);
        assertEquals(DeadLetterReason.MALFORMED, reason(Arrays.copyOf(bytes, bytes.length - 8)));
        byte[] otherType = AvroSerde.of(ReviewLabel.class).serialize(ReviewLabel.newBuilder().setReviewId("r")
                .setLabel(Sentiment.NEGATIVE).setLabelTime(Instant.EPOCH).build());
        assertEquals(DeadLetterReason.UNKNOWN_SCHEMA, reason(otherType));
    }

    @Test
    void aLengthClaimLongerThanTheRecordIsMalformedBeforeAnyAllocation() {
        byte[] bytes = serde.serialize(review);
        byte[] hugeId = Arrays.copyOf(bytes, bytes.length);
        hugeId[10] = (byte) 0xFE; // review_id's length prefix, now claiming 2^31 - 1 bytes
        hugeId[11] = (byte) 0xFF;
        hugeId[12] = (byte) 0xFF;
        hugeId[13] = (byte) 0xFF;
        hugeId[14] = 0x0F;
        assertEquals("malformed Review: field review_id: string of 2147483647 bytes, but only "
                + (bytes.length - 15) + " bytes are left", message(hugeId));
    }

    @Test
    void resolvesAKnownForeignSchemaAndRejectsItOtherwise() throws Exception {
        // a producer whose Review has no source/metadata fields
        Schema older = SchemaBuilder.record("Review").namespace("org.sentimentstream.schemas").fields()
                .requiredString("review_id").requiredString("text")
                .name("event_time").type(Schema.create(Schema.Type.LONG)).noDefault()
                .endRecord();
        GenericRecord record = new GenericData.Record(older);
        record.put("review_id", "x");
        record.put("text", "fine");
        record.put("event_time", 42L);
        ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older).encode(record);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);

        assertEquals(DeadLetterReason.UNKNOWN_SCHEMA, reason(bytes));
        Review resolved = serde.resolving(older).deserialize(bytes);
        assertEquals("x", resolved.getReviewId());
        assertEquals(Instant.ofEpochMilli(42), resolved.getEventTime());
        assertEquals(null, resolved.getSource());
        assertEquals(Map.of(), resolved.getMetadata());
    }

    @Test
    void trailingBytesAfterACompleteRecordAreMalformed() {
        byte[] bytes = serde.serialize(review);
        byte[] padded = Arrays.copyOf(bytes, bytes.length + 100);
        AvroDecodeException e = assertThrows(AvroDecodeException.class, () -> serde.deserialize(padded));
        assertEquals(DeadLetterReason.MALFORMED, e.reason());
        assertEquals("malformed Review: 100 bytes after the complete record", e.getMessage());
    }

    @Test
    void malformedNamesTheField() {
        AvroSerde<ReviewLabel> labels = AvroSerde.of(ReviewLabel.class);
        byte[] bytes = labels.serialize(ReviewLabel.newBuilder().setReviewId("r").setLabel(Sentiment.NEGATIVE)
                .setLabelTime(Instant.EPOCH).build());
        bytes[10 + 2] = 18; // the enum index after the header and the one-byte id: zig-zag 9, of two symbols
        AvroDecodeException e = assertThrows(AvroDecodeException.class, () -> labels.deserialize(bytes));
        assertEquals(DeadLetterReason.MALFORMED, e.reason());
        assertTrue(e.getMessage().startsWith("malformed ReviewLabel: field label: "), e.getMessage());

        byte[] good = serde.serialize(review);
        AvroDecodeException cut = assertThrows(AvroDecodeException.class,
                () -> serde.deserialize(Arrays.copyOf(good, good.length - 8)));
        assertEquals("malformed Review: field metadata: string of 6 bytes, but only 2 bytes are left",
                cut.getMessage());
    }

    @Test
    void unknownSchemaShowsTheFingerprintInHexAndForeignFramesGetAHint() {
        byte[] otherType = AvroSerde.of(ReviewLabel.class).serialize(ReviewLabel.newBuilder().setReviewId("r")
                .setLabel(Sentiment.NEGATIVE).setLabelTime(Instant.EPOCH).build());
        AvroDecodeException unknown = assertThrows(AvroDecodeException.class, () -> serde.deserialize(otherType));
        assertTrue(unknown.getMessage().contains("fingerprint "
                + AvroSerde.fingerprintHex(ReviewLabel.getClassSchema()) + "; it reads Review "
                + AvroSerde.fingerprintHex(Review.getClassSchema())), unknown.getMessage());
        assertTrue(AvroSerde.fingerprintHex(Review.getClassSchema()).matches("0x[0-9a-f]{16}"));

        byte[] confluent = {0, 0, 0, 0, 42, 2, 'x'};
        AvroDecodeException framed = assertThrows(AvroDecodeException.class, () -> serde.deserialize(confluent));
        assertEquals(DeadLetterReason.NOT_AVRO, framed.reason());
        assertTrue(framed.getMessage().endsWith("they look like confluent-avro (magic byte 0, schema id 42): read "
                + "this topic with that format"), framed.getMessage());
        AvroDecodeException json = assertThrows(AvroDecodeException.class,
                () -> serde.deserialize(" {\"review_id\": \"r\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertTrue(json.getMessage().contains("they look like json"), json.getMessage());
    }

    @Test
    void resolvesAWriterWithAnAddedOptionalFieldAndReorderedFields() throws Exception {
        Schema evolved = SchemaBuilder.record("Review").namespace("org.sentimentstream.schemas").fields()
                .name("event_time").type(Schema.create(Schema.Type.LONG)).noDefault()
                .optionalString("language")
                .requiredString("text")
                .requiredString("review_id")
                .endRecord();
        GenericRecord record = new GenericData.Record(evolved);
        record.put("event_time", 42L);
        record.put("language", "en");
        record.put("text", "fine");
        record.put("review_id", "x");
        ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), evolved).encode(record);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);

        Review resolved = serde.resolvingThoseOfItsType(List.of(evolved, ReviewLabel.getClassSchema()))
                .deserialize(bytes);
        assertEquals(Review.newBuilder().setReviewId("x").setText("fine").setEventTime(Instant.ofEpochMilli(42))
                .build(), resolved);
    }

    @Test
    void refusesAWriterSchemaItCannotResolve() {
        Schema noText = SchemaBuilder.record("Review").namespace("org.sentimentstream.schemas").fields()
                .requiredString("review_id").requiredLong("event_time").endRecord();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> serde.resolving(noText));
        assertTrue(e.getMessage().contains("cannot be resolved to ours") && e.getMessage().contains("text"),
                e.getMessage());
    }

    @Test
    void survivesJavaSerializationAsFlinkShipsIt() throws Exception {
        AvroSerde<Review> copy = JavaSerialization.roundTrip(serde);
        assertEquals(review, copy.deserialize(serde.serialize(review)));
    }

    private String message(byte[] bytes) {
        return assertThrows(AvroDecodeException.class, () -> serde.deserialize(bytes)).getMessage();
    }

    private DeadLetterReason reason(byte[] bytes) {
        return assertThrows(AvroDecodeException.class, () -> serde.deserialize(bytes)).reason();
    }
}
