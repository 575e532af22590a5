package org.sentimentstream.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

class JsonSerdeTest {
    private final JsonSerde<Review> reviews = JsonSerde.of(Review.class);
    private final JsonSerde<ReviewLabel> labels = JsonSerde.of(ReviewLabel.class);

    @Test
    void readsAReviewWithEpochMillisOrIsoTimesAndIgnoresUnknownFields() throws Exception {
        Review expected = Review.newBuilder().setReviewId("r1").setText("Great film").setEventTime(
                Instant.parse("2024-05-01T12:00:00Z")).build();
        assertEquals(expected, reviews.deserialize(bytes(
                "{\"review_id\": \"r1\", \"text\": \"Great film\", \"event_time\": 1714564800000}")));
        assertEquals(expected, reviews.deserialize(bytes(
                "{\"text\": \"Great film\", \"event_time\": \"2024-05-01T14:00:00+02:00\", \"review_id\": \"r1\", "
                        + "\"stars\": 5}")));
    }

    @Test
    void readsALabelAndRoundTripsEveryField() throws Exception {
        ReviewLabel label = ReviewLabel.newBuilder().setReviewId("r1").setLabel(Sentiment.POSITIVE).setRating(9)
                .setLabelTime(Instant.ofEpochMilli(7)).build();
        assertEquals("{\"review_id\":\"r1\",\"label\":\"POSITIVE\",\"rating\":9,\"label_time\":7}",
                new String(labels.serialize(label), StandardCharsets.UTF_8));
        assertEquals(label, labels.deserialize(labels.serialize(label)));
        Review review = Review.newBuilder().setReviewId("r").setText("t").setEventTime(Instant.EPOCH)
                .setSource("imdb/test").setMetadata(Map.of("rating", "10")).build();
        assertEquals(review, reviews.deserialize(reviews.serialize(review)));
    }

    @Test
    void aMissingOrNullRequiredFieldIsMissingFieldByName() {
        assertEquals("MISSING_FIELD: field event_time is missing",
                failure(reviews, "{\"review_id\": \"r1\", \"text\": \"x\"}"));
        assertEquals("MISSING_FIELD: field review_id is null",
                failure(reviews, "{\"review_id\": null, \"text\": \"x\", \"event_time\": 1}"));
    }

    @Test
    void anIllTypedFieldIsMalformedByName() {
        assertEquals("MALFORMED: field event_time: expected epoch milliseconds or an ISO-8601 string, got 1.5",
                failure(reviews, "{\"review_id\": \"r1\", \"text\": \"x\", \"event_time\": 1.5}"));
        assertTrue(failure(reviews, "{\"review_id\": \"r1\", \"text\": \"x\", \"event_time\": \"yesterday\"}")
                .startsWith("MALFORMED: field event_time: \"yesterday\" is not an ISO-8601 date-time"));
        assertEquals("MALFORMED: field text: expected a string, got a number",
                failure(reviews, "{\"review_id\": \"r1\", \"text\": 3, \"event_time\": 1}"));
        assertEquals("MALFORMED: field metadata.rating: expected a string, got a number",
                failure(reviews, "{\"review_id\": \"r\", \"text\": \"x\", \"event_time\": 1, \"metadata\": "
                        + "{\"rating\": 10}}"));
        assertEquals("MALFORMED: field label: \"MAYBE\" is not one of [NEGATIVE, POSITIVE]",
                failure(labels, "{\"review_id\": \"r1\", \"label\": \"MAYBE\", \"label_time\": 1}"));
        assertEquals("MALFORMED: field rating: expected an int, got 12345678901",
                failure(labels, "{\"review_id\": \"r1\", \"label\": \"POSITIVE\", \"rating\": 12345678901, "
                        + "\"label_time\": 1}"));
    }

    @Test
    void anythingButOneObjectIsMalformed() {
        assertTrue(failure(reviews, "{\"review_id\": \"r1\", \"text\": \"x\", \"event_time\": 1} {}")
                .startsWith("MALFORMED: not one JSON Review object: Trailing token"));
        assertEquals("MALFORMED: a JSON array, not an object", failure(reviews, "[1, 2]"));
        byte[] invalidUtf8 = bytes("{\"review_id\": \"r1\", \"text\": \"XY\", \"event_time\": 1}");
        invalidUtf8[29] = (byte) 0xFF;
        AvroDecodeException e = assertThrows(AvroDecodeException.class, () -> reviews.deserialize(invalidUtf8));
        assertEquals(DeadLetterReason.MALFORMED, e.reason());
        assertTrue(e.getMessage().startsWith("not one JSON Review object: Invalid UTF-8 start byte 0xff"),
                e.getMessage());
        assertEquals("MALFORMED: no JSON value, only whitespace", failure(reviews, "  "));
        AvroDecodeException avro = assertThrows(AvroDecodeException.class, () -> reviews.deserialize(
                AvroSerde.of(Review.class).serialize(Review.newBuilder().setReviewId("r").setText("t")
                        .setEventTime(Instant.EPOCH).build())));
        assertTrue(avro.getMessage().endsWith("they look like avro (single-object encoding, marker C3 01): read this "
                + "topic with that format"), avro.getMessage());
        assertEquals(DeadLetterReason.TOMBSTONE, assertThrows(AvroDecodeException.class,
                () -> reviews.deserialize(null)).reason());
    }

    private static String failure(RecordSerde<?> serde, String json) {
        AvroDecodeException e = assertThrows(AvroDecodeException.class, () -> serde.deserialize(bytes(json)));
        return e.reason() + ": " + e.getMessage();
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
