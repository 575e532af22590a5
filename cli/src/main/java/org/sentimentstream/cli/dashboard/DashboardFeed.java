package org.sentimentstream.cli.dashboard;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.sentimentstream.local.TopicTail;
import org.sentimentstream.schemas.AccuracyReport;
import org.sentimentstream.schemas.AvroDecodeException;
import org.sentimentstream.schemas.AvroSerde;
import org.sentimentstream.schemas.DeadLetter;
import org.sentimentstream.schemas.ModelComparison;
import org.sentimentstream.schemas.RecordSerde;
import org.sentimentstream.schemas.Review;
import org.sentimentstream.schemas.SentimentEvent;

/**
 * Decodes the records of the dashboard's topics (the reviews in their topic's format, the job's outputs as Avro,
 * with the schemas module's serdes) into {@link DashboardStats}. A review that does not decode is skipped (the job
 * dead-letters it); a record on an output topic that does not decode is counted as unreadable.
 */
final class DashboardFeed implements TopicTail.Handler {
    private final DashboardTopics topics;
    private final DashboardStats stats;
    private final RecordSerde<Review> reviews;
    private final AvroSerde<SentimentEvent> sentiment = AvroSerde.of(SentimentEvent.class);
    private final AvroSerde<AccuracyReport> accuracy = AvroSerde.of(AccuracyReport.class);
    private final AvroSerde<ModelComparison> comparisons = AvroSerde.of(ModelComparison.class);
    private final AvroSerde<DeadLetter> deadLetters = AvroSerde.of(DeadLetter.class);

    DashboardFeed(DashboardTopics topics, RecordSerde<Review> reviews, DashboardStats stats) {
        this.topics = topics;
        this.reviews = reviews;
        this.stats = stats;
    }

    @Override
    public void take(ConsumerRecord<byte[], byte[]> record, long readAt) {
        String topic = record.topic();
        try {
            if (topic.equals(topics.reviews())) {
                Review review = reviews.deserialize(record.value());
                stats.review(review.getReviewId(), review.getText());
            } else if (topic.equals(topics.sentiment())) {
                stats.scored(sentiment.deserialize(record.value()), readAt);
            } else if (topic.equals(topics.accuracy())) {
                stats.report(accuracy.deserialize(record.value()));
            } else if (topic.equals(topics.comparison())) {
                stats.comparison(comparisons.deserialize(record.value()));
            } else if (topic.equals(topics.deadLetters())) {
                stats.deadLetter(deadLetters.deserialize(record.value()));
            }
        } catch (AvroDecodeException e) {
            if (!topic.equals(topics.reviews())) {
                stats.unreadable();
            }
        }
    }
}
