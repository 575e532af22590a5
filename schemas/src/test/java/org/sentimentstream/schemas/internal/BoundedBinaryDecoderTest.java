package org.sentimentstream.schemas.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.sentimentstream.schemas.Review;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

class BoundedBinaryDecoderTest {
    private static final Review REVIEW = Review.newBuilder()
            .setReviewId("r-1")
            .setText("Great <br /> film, ünïcode 😀")
            .setEventTime(Instant.ofEpochMilli(Long.MIN_VALUE))
            .setSource("imdb/test")
            .setMetadata(Map.of("rating", "10", "lang", "en"))
            .build();

    @Test
    void readsWhatAvroWrites() throws IOException {
        byte[] body = encode(REVIEW);
        BoundedBinaryDecoder decoder = new BoundedBinaryDecoder(body, 0, body.length);
        assertEquals(REVIEW, new SpecificDatumReader<>(Review.class).read(null, decoder));
        assertEquals(0, decoder.remaining());
    }

    @Test
    void readsEveryPrimitiveAtItsExtremes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        encoder.writeLong(Long.MIN_VALUE);
        encoder.writeLong(Long.MAX_VALUE);
        encoder.writeInt(Integer.MIN_VALUE);
        encoder.writeFloat(-0.5f);
        encoder.writeDouble(Double.MAX_VALUE);
        encoder.writeBoolean(true);
        encoder.writeBytes(new byte[] {1, 2, 3});
        encoder.flush();
        byte[] bytes = out.toByteArray();
        BoundedBinaryDecoder decoder = new BoundedBinaryDecoder(bytes, 0, bytes.length);
        assertEquals(Long.MIN_VALUE, decoder.readLong());
        assertEquals(Long.MAX_VALUE, decoder.readLong());
        assertEquals(Integer.MIN_VALUE, decoder.readInt());
        assertEquals(-0.5f, decoder.readFloat());
        assertEquals(Double.MAX_VALUE, decoder.readDouble());
        assertTrue(decoder.readBoolean());
        assertEquals(3, decoder.readBytes(null).remaining());
        assertEquals(0, decoder.remaining());
    }

    @Test
    void aClaimedLengthLongerThanTheRecordIsRejectedBeforeAnyAllocation() {
        byte[] body = {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 'a'}; // length 2^31 - 1
        IOException e = assertThrows(IOException.class,
                () -> new BoundedBinaryDecoder(body, 0, body.length).readString(null));
        assertEquals("string of 2147483647 bytes, but only 1 bytes are left", e.getMessage());
    }

    @Test
    void aClaimedCountLargerThanTheRecordIsRejected() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        encoder.writeString("r-1");
        encoder.writeString("text");
        encoder.writeLong(0);
        encoder.writeIndex(0); // source: null
        encoder.writeLong(2_000_000_000L); // map entries claimed
        encoder.flush();
        byte[] body = out.toByteArray();
        IOException e = assertThrows(IOException.class, () -> new SpecificDatumReader<>(Review.class)
                .read(null, new BoundedBinaryDecoder(body, 0, body.length)));
        assertEquals("map of 2000000000 items, but only 0 bytes are left", e.getMessage());
    }

    @Test
    void aTruncatedRecordEndsTooSoon() throws IOException {
        byte[] body = encode(REVIEW);
        byte[] cut = Arrays.copyOf(body, body.length - 3);
        IOException e = assertThrows(IOException.class, () -> new GenericDatumReader<GenericRecord>(Review.getClassSchema())
                .read(null, new BoundedBinaryDecoder(cut, 0, cut.length)));
        // the last map value: both values are 2 bytes, whichever the map wrote last
        assertEquals("string of 2 bytes, but only 0 bytes are left", e.getMessage());
        assertThrows(EOFException.class, () -> new BoundedBinaryDecoder(new byte[0], 0, 0).readLong());
    }

    @Test
    void trailingBytesAreLeftOver() throws IOException {
        byte[] body = encode(REVIEW);
        byte[] longer = Arrays.copyOf(body, body.length + 100);
        BoundedBinaryDecoder decoder = new BoundedBinaryDecoder(longer, 0, longer.length);
        GenericRecord read = new GenericDatumReader<GenericRecord>(Review.getClassSchema(), Review.getClassSchema(),
                GenericData.get()).read(null, decoder);
        assertEquals("r-1", read.get("review_id").toString());
        assertEquals(100, decoder.remaining());
    }

    @Test
    void skipsWhatItIsToldToSkip() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        encoder.writeString("skipped");
        encoder.writeBytes(new byte[] {1, 2, 3});
        encoder.writeFixed(new byte[] {9, 9});
        encoder.writeString("read");
        encoder.flush();
        byte[] bytes = out.toByteArray();
        BoundedBinaryDecoder decoder = new BoundedBinaryDecoder(bytes, 0, bytes.length);
        decoder.skipString();
        decoder.skipBytes();
        decoder.skipFixed(2);
        assertEquals("read", decoder.readString());
        assertEquals(0, decoder.remaining());
    }

    @Test
    void aVarintOfMoreThanTenBytesIsRejected() {
        byte[] body = new byte[11];
        Arrays.fill(body, (byte) 0x80);
        assertThrows(IOException.class, () -> new BoundedBinaryDecoder(body, 0, body.length).readLong());
    }

    private static byte[] encode(Review review) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new SpecificDatumWriter<>(Review.class).write(review, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
