package org.sentimentstream.job.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.sentimentstream.schemas.AvroSerde;
import org.sentimentstream.schemas.Review;
import org.sentimentstream.schemas.ReviewLabel;
import org.sentimentstream.schemas.Sentiment;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Properties;

/** The decoders' checks, with a fixed clock: every outcome is a {@link Decoded} event or a reasoned rejection. */
class ReviewDecoderTest {
    private static final long NOW = 1_750_000_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
    private static final RecordLimits LIMITS = RecordLimits.of(16, new Properties(), OptionalInt.empty());
    private static final long SKEW = 600_000;

    private final ReviewDecoder reviews = new ReviewDecoder(AvroSerde.of(Review.class), 10, LIMITS, SKEW, CLOCK);
    private final LabelDecoder labels = new LabelDecoder(AvroSerde.of(ReviewLabel.class), LIMITS, SKEW, CLOCK);
    private final AvroSerde<Review> reviewSerde = AvroSerde.of(Review.class);
    private final AvroSerde<ReviewLabel> labelSerde = AvroSerde.of(ReviewLabel.class);

    @Test
    void aUsableReviewIsAnEventAtItsEventTime() {
        Decoded<ReviewEvent> d = decode(review("r-1", "Fine film", NOW - 5));
        assertNull(d.rejected());
        assertEquals(new ReviewEvent("r-1", "Fine film", NOW - 5, false), d.event());
        assertEquals(NOW - 5, d.timestamp());
    }

    @Test
    void aLongTextIsCutAtACodePointAndFlagged() {
        ReviewEvent e = decode(review("r-1", "123456789😀 and more", 0)).event();
        assertEquals("123456789", e.text(), "the surrogate pair at the cut is dropped whole");
        assertTrue(e.truncated());
    }

    @Test
    void eventTimesKafkaCannotCarryAreRejected() {
        for (long time : new long[] {-1, Long.MIN_VALUE}) {
            Rejected r = decode(review("r-1", "Fine film", time)).rejected();
            assertEquals("EVENT_TIME_BEFORE_EPOCH", r.reason());
            assertEquals("event_time of review r-1 is " + time + " ms, before 1970-01-01T00:00:00Z: Kafka "
                    + "timestamps cannot be negative", r.error());
            assertEquals(NOW, r.time());
        }
        assertEquals(0, decode(review("r-1", "Fine film", 0)).event().eventTime(), "the epoch itself is fine");
    }

    @Test
    void eventTimesTooFarAheadAreRejectedWithoutOverflow() {
        assertEquals(NOW + SKEW, decode(review("r-1", "Fine film", NOW + SKEW)).event().eventTime());
        for (long time : new long[] {NOW + SKEW + 1, Long.MAX_VALUE}) {
            assertEquals("EVENT_TIME_IN_FUTURE", decode(review("r-1", "Fine film", time)).rejected().reason());
        }
        ReviewDecoder unlimited = new ReviewDecoder(AvroSerde.of(Review.class), 10, LIMITS, Long.MAX_VALUE, CLOCK);
        assertEquals(Long.MAX_VALUE, decode(unlimited, review("r-1", "Fine film", Long.MAX_VALUE)).event()
                .eventTime());
    }

    @Test
    void idsMustBeThereAndFitTheLimitInUtf8Bytes() {
        assertEquals("review_id is empty", decode(review(" ", "Fine film", 0)).rejected().error());
        assertEquals("r".repeat(16), decode(review("r".repeat(16), "Fine film", 0)).event().reviewId());
        Rejected ascii = decode(review("r".repeat(17), "Fine film", 0)).rejected();
        assertEquals("ID_TOO_LONG", ascii.reason());
        assertEquals("review_id of 17 bytes is longer than the 16 bytes allowed (review-id-max-bytes), starting "
                + "r".repeat(17), ascii.error());
        assertEquals("ID_TOO_LONG", decode(review("é".repeat(9), "Fine film", 0)).rejected().reason(), "18 bytes");
        assertEquals("é".repeat(8), decode(review("é".repeat(8), "Fine film", 0)).event().reviewId());
    }

    @Test
    void textsWithoutAWordTheModelReadsAreEmpty() {
        String[] empty = {"", " \t\n", "😀😀", "\u00A0\u200B", "\u0000\u0000", "<br />!!", "!!!"};
        String[] why = {"empty", "whitespace only", "no letter or digit outside markup",
                "no letter or digit outside markup", "no letter or digit outside markup",
                "no letter or digit outside markup", "no letter or digit outside markup"};
        for (int i = 0; i < empty.length; i++) {
            Rejected r = decode(review("r-1", empty[i], 0)).rejected();
            assertEquals("EMPTY_TEXT", r.reason());
            assertEquals("text of review r-1 has no word the model can read (" + why[i] + ")", r.error());
        }
        assertFalse(decode(review("r-1", "😀 ok", 0)).event().truncated());
    }

    @Test
    void labelsAreCheckedLikeReviews() {
        LabelEvent e = decode(labels, label("r-1", NOW)).event();
        assertEquals(new LabelEvent("r-1", true, NOW), e);
        assertEquals("EVENT_TIME_BEFORE_EPOCH", decode(labels, label("r-1", Long.MIN_VALUE)).rejected().reason());
        assertEquals("EVENT_TIME_IN_FUTURE", decode(labels, label("r-1", Long.MAX_VALUE)).rejected().reason());
        assertEquals("ID_TOO_LONG", decode(labels, label("x".repeat(17), NOW)).rejected().reason());
        assertEquals("MISSING_FIELD", decode(labels, label("", NOW)).rejected().reason());
    }

    @Test
    void undecodableBytesAreRejectedWithTheirKey() {
        Rejected r = decode(reviews, "key", "not avro".getBytes(StandardCharsets.UTF_8)).rejected();
        assertEquals("NOT_AVRO", r.reason());
        assertEquals("key", new String(r.key(), StandardCharsets.UTF_8));
        assertEquals("reviews", r.topic());
        assertEquals(7, r.offset());
        assertEquals("TOMBSTONE", decode(reviews, "key", null).rejected().reason());
    }

    private byte[] review(String id, String text, long eventTime) {
        return reviewSerde.serialize(Review.newBuilder().setReviewId(id).setText(text)
                .setEventTime(Instant.ofEpochMilli(eventTime)).build());
    }

    private byte[] label(String id, long time) {
        return labelSerde.serialize(ReviewLabel.newBuilder().setReviewId(id).setLabel(Sentiment.POSITIVE)
                .setLabelTime(Instant.ofEpochMilli(time)).build());
    }

    private Decoded<ReviewEvent> decode(byte[] value) {
        return decode(reviews, value);
    }

    private static <T> Decoded<T> decode(RecordDecoder<T> decoder, byte[] value) {
        return decode(decoder, "k", value);
    }

    private static <T> Decoded<T> decode(RecordDecoder<T> decoder, String key, byte[] value) {
        List<Decoded<T>> out = new ArrayList<>();
        decoder.deserialize(new ConsumerRecord<>("reviews", 0, 7, key.getBytes(StandardCharsets.UTF_8), value),
                new ListCollector<>(out));
        assertEquals(1, out.size());
        return out.get(0);
    }
}
