package org.sentimentstream.job.kafka;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.sentimentstream.job.JobConfig;
import org.sentimentstream.job.SentimentJob;
import org.sentimentstream.job.ingest.Decoded;
import org.sentimentstream.job.ingest.LabelDecoder;
import org.sentimentstream.job.ingest.ModelCommandDecoder;
import org.sentimentstream.job.ingest.RecordDecoder;
import org.sentimentstream.job.ingest.RecordLimits;
import org.sentimentstream.job.ingest.ReviewDecoder;
import org.sentimentstream.schemas.FormatOptions;
import org.sentimentstream.schemas.RecordSerde;
import org.sentimentstream.schemas.Review;
import org.sentimentstream.schemas.ReviewLabel;

import java.time.Clock;
import java.util.Properties;

/** The job's Kafka sources and sinks, built from a {@link JobConfig}. */
public final class KafkaConnectors {
    private KafkaConnectors() {}

    public static SentimentJob.Sources sources(JobConfig config) {
        RecordLimits limits = RecordLimits.of(config.reviewIdMaxBytes(), config.clientProperties(),
                TopicMessageSize.smallest(config));
        long maxFutureSkew = config.maxFutureSkew().toMillis();
        FormatOptions formats = config.formatOptions();
        RecordSerde<Review> reviews = config.reviewsFormat().serde(Review.class, config.reviewsTopic(), formats);
        RecordSerde<ReviewLabel> labels = config.labelsFormat().serde(ReviewLabel.class, config.labelsTopic(),
                formats);
        return new SentimentJob.Sources(
                source(config, config.reviewsTopic(),
                        new ReviewDecoder(reviews, config.textMaxChars(), limits, maxFutureSkew, Clock.systemUTC())),
                source(config, config.labelsTopic(), new LabelDecoder(labels, limits, maxFutureSkew,
                        Clock.systemUTC())),
                source(config, config.modelsTopic(), new ModelCommandDecoder(limits, Clock.systemUTC())));
    }

    public static SentimentJob.Sinks sinks(JobConfig config) {
        return new SentimentJob.Sinks(
                sink(config, "sentiment", OutputRecords.sentiment(config.sentimentTopic())),
                sink(config, "shadow", OutputRecords.sentiment(config.shadowTopic())),
                sink(config, "accuracy", OutputRecords.accuracy(config.accuracyTopic())),
                sink(config, "comparison", OutputRecords.comparison(config.comparisonTopic())),
                sink(config, "dead-letters", OutputRecords.deadLetters(config.deadLetterTopic())));
    }

    private static <T> KafkaSource<Decoded<T>> source(JobConfig config, String topic, RecordDecoder<T> decoder) {
        KafkaSourceBuilder<Decoded<T>> builder = KafkaSource.<Decoded<T>>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(topic)
                .setGroupId(config.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(decoder)
                .setProperties(config.clientProperties())
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        if (config.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    private static <T> KafkaSink<T> sink(JobConfig config, String name,
            KafkaRecordSerializationSchema<T> serializer) {
        Properties producer = config.clientProperties();
        producer.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                String.valueOf(config.transactionTimeout().toMillis()));
        var builder = KafkaSink.<T>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(config.deliveryGuarantee());
        if (config.deliveryGuarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(config.groupId() + "-" + name);
        }
        return builder.build();
    }

}
