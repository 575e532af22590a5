package org.sentimentstream.cli.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.sentimentstream.schemas.AvroSerde;
import org.sentimentstream.schemas.JsonSerde;
import org.sentimentstream.schemas.Review;
import org.sentimentstream.schemas.Sentiment;
import org.sentimentstream.schemas.SentimentEvent;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

class DashboardFeedTest {
    private static final DashboardTopics TOPICS = new DashboardTopics("reviews", "sentiment", "accuracy", "comparison",
            "dead");

    @Test
    void showsTheTextsOfReviewsInTheirTopicsFormat() {
        DashboardStats stats = new DashboardStats();
        DashboardFeed feed = new DashboardFeed(TOPICS, JsonSerde.of(Review.class), stats);
        feed.take(record("reviews", "{\"review_id\": \"r1\", \"text\": \"A wonderful film.\", \"event_time\": 5}"
                .getBytes(StandardCharsets.UTF_8)), 10);
        feed.take(record("sentiment", AvroSerde.of(SentimentEvent.class).serialize(SentimentEvent.newBuilder()
                .setReviewId("r1").setEventTime(Instant.ofEpochMilli(5)).setScoredAt(Instant.ofEpochMilli(7))
                .setProbability(0.9).setLabel(Sentiment.POSITIVE).setLogit(2.2f).setModelVersion("m")
                .setTruncated(false).build())), 10);
        assertEquals(List.of("A wonderful film."),
                stats.snapshot().recent().stream().map(DashboardStats.Review::text).toList());
        assertEquals(0, stats.snapshot().unreadable());
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, byte[] value) {
        return new ConsumerRecord<>(topic, 0, 0, null, value);
    }
}
