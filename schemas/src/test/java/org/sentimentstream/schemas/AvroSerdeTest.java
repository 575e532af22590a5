package org.sentimentstream.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
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
    void saysWhatIsWrongInWords() {
        byte[] bytes = serde.serialize(review);
        assertEquals("malformed Review: 3 bytes after the end of the record",
                message(Arrays.copyOf(bytes, bytes.length + 3)));
        byte[] hugeId = Arrays.copyOf(bytes, bytes.length);
        hugeId[10] = (byte) 0xFE; // review_id's length prefix, now claiming about 2^31 bytes
        hugeId[11] = (byte) 0xFF;
        hugeId[12] = (byte) 0xFF;
        hugeId[13] = (byte) 0xFF;
        hugeId[14] = 0x0F;
        assertEquals("malformed Review: field review_id: string of 2147483647 bytes, but only "
                + (bytes.length - 15) + " bytes are left", message(hugeId));
        assertEquals("malformed Review: field metadata: the record ends inside it",
                message(Arrays.copyOf(bytes, bytes.length - 1)));
        byte[] otherType = AvroSerde.of(ReviewLabel.class).serialize(ReviewLabel.newBuilder().setReviewId("r")
                .setLabel(Sentiment.NEGATIVE).setLabelTime(Instant.EPOCH).build());
        assertEquals(String.format("written with a schema this reader does not know: fingerprint %016x "
                + "(CRC-64-AVRO, as in the header, read little-endian)",
                org.apache.avro.SchemaNormalization.parsingFingerprint64(ReviewLabel.getClassSchema())),
                message(otherType));
        assertEquals("not Avro single-object encoding: starts 0x68 0x65, not 0xC3 0x01",
                message("hello, not avro".getBytes()));
        assertEquals("not Avro single-object encoding: 2 bytes, shorter than its 10-byte header",
                message(new byte[] {(byte) 0xC3, 0x01}));
        byte[] confluent = {0, 0, 0, 1, 7, 2, 'r', 0, 0, 0, 0};
        assertEquals("not Avro single-object encoding (starts 0x00 0x00, not 0xC3 0x01): it looks Confluent-framed "
                + "(magic byte 0, schema id 263); read such a topic with the confluent-avro format",
                message(confluent));
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
    void survivesJavaSerializationAsFlinkShipsIt() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(serde);
        }
        @SuppressWarnings("unchecked")
        AvroSerde<Review> copy = (AvroSerde<Review>) new ObjectInputStream(
                new ByteArrayInputStream(bytes.toByteArray())).readObject();
        assertEquals(review, copy.deserialize(serde.serialize(review)));
    }

    private String message(byte[] bytes) {
        return assertThrows(AvroDecodeException.class, () -> serde.deserialize(bytes)).getMessage();
    }

    private DeadLetterReason reason(byte[] bytes) {
        return assertThrows(AvroDecodeException.class, () -> serde.deserialize(bytes)).reason();
    }
}
