package org.sentimentstream.job.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sentimentstream.job.kafka.OutputRecords;
import org.sentimentstream.schemas.AvroSerde;
import org.sentimentstream.schemas.DeadLetter;

import java.util.Arrays;
import java.util.OptionalInt;
import java.util.Properties;

class RecordLimitsTest {
    private static final int MAX_REQUEST = 1024 * 1024;
    private final RecordLimits limits = limits(new Properties());

    @Test
    void kafkasDefaultRequestSizeUnlessConfigured() {
        assertEquals(MAX_REQUEST, limits.maxRecordBytes());
        Properties p = new Properties();
        p.setProperty("max.request.size", " 200000 ");
        assertEquals(200_000, limits(p).maxRecordBytes());
        assertEquals(150_000, RecordLimits.of(1024, p, OptionalInt.of(150_000)).maxRecordBytes(),
                "an output topic's max.message.bytes, when smaller");
        assertEquals(200_000, RecordLimits.of(1024, p, OptionalInt.of(16_000_000)).maxRecordBytes());
    }

    @Test
    void settingsThatCannotFitAreRefusedInOneLine() {
        Properties p = new Properties();
        p.setProperty("max.request.size", "10000");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> limits(p));
        assertEquals("outputs of at most 10000 bytes (max.request.size, or the output topics' max.message.bytes when "
                + "smaller) are too small for review ids of 1024 bytes: allow at least 10240 (2 x the id limit + "
                + "8192)", e.getMessage());
        p.setProperty("max.request.size", "lots");
        assertEquals("max.request.size is not a number: lots",
                assertThrows(IllegalArgumentException.class, () -> limits(p)).getMessage());
    }

    @Test
    void aHugeKeyAndValueAreCutSoTheDeadLetterFits() {
        byte[] key = filled(600_000, 'k');
        byte[] value = filled(900_000, 'v');
        Rejected r = limits.deadLetter("reviews", 1, 2, key, value, "NOT_AVRO", "not Avro", 3);
        int budget = MAX_REQUEST - RecordLimits.OVERHEAD_BYTES - "reviews".length() - "not Avro".length();
        assertEquals(budget / 4, r.key().length);
        int valueKept = budget - 2 * (budget / 4); // under 512 KiB: the key takes its share twice
        assertEquals(valueKept, r.value().length);
        assertArrayEquals(Arrays.copyOf(key, budget / 4), r.key());
        assertEquals("not Avro (key cut to its first " + budget / 4 + " of 600000 bytes) (value cut to its first "
                + valueKept + " of 900000 bytes)", r.error());
        assertTrue(serializedSize(r) <= MAX_REQUEST, "fits: " + serializedSize(r));
    }

    @Test
    void aLargeValueAloneKeepsItsFirst512KiB() {
        Rejected r = limits.deadLetter("reviews", 1, 2, filled(1, 'k'), filled(900_000, 'v'), "NOT_AVRO", "x", 3);
        assertEquals(RecordLimits.MAX_KEPT_VALUE_BYTES, r.value().length);
    }

    @Test
    void aSmallerRequestSizeCutsTheValueFurther() {
        Properties p = new Properties();
        p.setProperty("max.request.size", "100000");
        Rejected r = limits(p).deadLetter("labels", 0, 0, filled(10, 'k'), filled(300_000, 'v'), "MALFORMED", "bad",
                3);
        assertEquals(10, r.key().length);
        assertEquals(100_000 - RecordLimits.OVERHEAD_BYTES - "labels".length() - "bad".length() - 20,
                r.value().length);
        assertTrue(serializedSize(r) <= 100_000);
    }

    @Test
    void smallInputsAndTombstonesAreKeptWhole() {
        Rejected r = limits.deadLetter("reviews", 0, 0, null, null, "TOMBSTONE", "null value (tombstone)", 3);
        assertNull(r.key());
        assertNull(r.value());
        assertEquals("null value (tombstone)", r.error());
    }

    @Test
    void longErrorsAreCut() {
        Rejected r = limits.deadLetter("reviews", 0, 0, null, null, "MALFORMED", "x".repeat(10_000), 3);
        assertEquals(RecordLimits.MAX_ERROR_CHARS + 3, r.error().length());
    }

    @Test
    void idsAreMeasuredInUtf8() {
        RecordLimits four = RecordLimits.of(4, new Properties(), OptionalInt.empty());
        assertTrue(four.idFits("abcd"));
        assertTrue(four.idFits("😀"));
        assertTrue(!four.idFits("😀a"));
        assertTrue(!four.idFits("ééé"));
        assertEquals(4, RecordLimits.utf8Length("😀"));
        assertEquals(3, RecordLimits.utf8Length("\uD800"), "a lone surrogate counts high");
    }

    private static RecordLimits limits(Properties producer) {
        return RecordLimits.of(1024, producer, OptionalInt.empty());
    }

    /** The dead letter's Kafka key plus its Avro value, as the sink writes them. */
    private static int serializedSize(Rejected r) {
        return r.key().length + AvroSerde.of(DeadLetter.class).serialize(OutputRecords.deadLetter(r)).length;
    }

    private static byte[] filled(int n, char c) {
        byte[] bytes = new byte[n];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }
}
