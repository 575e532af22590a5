package org.sentimentstream.job.kafka;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.sentimentstream.job.ingest.Rejected;
import org.sentimentstream.job.score.ScoredReview;
import org.sentimentstream.job.window.ComparisonReport;
import org.sentimentstream.job.window.WindowReport;
import org.sentimentstream.job.window.WindowSeries;
import org.sentimentstream.model.BinaryMetrics;
import org.sentimentstream.schemas.AccuracyReport;
import org.sentimentstream.schemas.AvroSerde;
import org.sentimentstream.schemas.DeadLetter;
import org.sentimentstream.schemas.DeadLetterReason;
import org.sentimentstream.schemas.ModelComparison;
import org.sentimentstream.schemas.Sentiment;
import org.sentimentstream.schemas.SentimentEvent;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** The job's results as Avro records on their topics, keyed as the schemas document. */
public final class OutputRecords {
    private OutputRecords() {}

    public static SentimentEvent sentimentEvent(ScoredReview r) {
        return SentimentEvent.newBuilder()
                .setReviewId(r.reviewId())
                .setEventTime(Instant.ofEpochMilli(r.eventTime()))
                .setScoredAt(Instant.ofEpochMilli(r.scoredAt()))
                .setProbability(r.probability())
                .setLabel(r.positive() ? Sentiment.POSITIVE : Sentiment.NEGATIVE)
                .setLogit(r.logit())
                .setModelVersion(r.modelVersion())
                .setTruncated(r.truncated())
                .build();
    }

    public static AccuracyReport accuracyReport(WindowReport r) {
        BinaryMetrics m = r.metrics();
        return AccuracyReport.newBuilder()
                .setWindowStart(Instant.ofEpochMilli(r.windowStart()))
                .setWindowEnd(Instant.ofEpochMilli(r.windowEnd()))
                .setModelVersion(r.modelVersion())
                .setCount(m.count())
                .setCorrect(m.tp() + m.tn())
                .setAccuracy(m.accuracy())
                .setTp(m.tp())
                .setFp(m.fp())
                .setTn(m.tn())
                .setFn(m.fn())
                .setPrecision(m.precision())
                .setRecall(m.recall())
                .setF1(m.f1())
                .setLogLoss(m.logLoss())
                .setRevision(r.revision())
                .setFinal$(r.isFinal())
                .setLateLabelsDropped(r.lateLabelsDropped())
                .setExpiredUnlabeled(r.expiredUnlabeled())
                .setRole(r.role())
                .build();
    }

    public static ModelComparison modelComparison(ComparisonReport r) {
        return ModelComparison.newBuilder()
                .setWindowStart(Instant.ofEpochMilli(r.windowStart()))
                .setWindowEnd(Instant.ofEpochMilli(r.windowEnd()))
                .setChampionVersion(r.championVersion())
                .setChallengerVersion(r.challengerVersion())
                .setBothRight(r.bothRight())
                .setChampionOnly(r.championOnly())
                .setChallengerOnly(r.challengerOnly())
                .setBothWrong(r.bothWrong())
                .setMcnemarP(r.pValue())
                .setRevision(r.revision())
                .setFinal$(r.isFinal())
                .build();
    }

    public static DeadLetter deadLetter(Rejected r) {
        return DeadLetter.newBuilder()
                .setSourceTopic(r.topic())
                .setSourcePartition(r.partition())
                .setSourceOffset(r.offset())
                .setKey(r.key() == null ? null : ByteBuffer.wrap(r.key()))
                .setValue(r.value() == null ? null : ByteBuffer.wrap(r.value()))
                .setReason(DeadLetterReason.valueOf(r.reason()))
                .setError(r.error())
                .setTime(Instant.ofEpochMilli(r.time()))
                .build();
    }

    /** SentimentEvents keyed by review id, timestamped with the review's event time. */
    public static KafkaRecordSerializationSchema<ScoredReview> sentiment(String topic) {
        AvroSerde<SentimentEvent> serde = AvroSerde.of(SentimentEvent.class);
        return (r, context, timestamp) -> new ProducerRecord<>(topic, null, r.eventTime(), utf8(r.reviewId()),
                serde.serialize(sentimentEvent(r)));
    }

    /** AccuracyReports keyed by series (the version, or version@challenger), timestamped with the window's end. */
    public static KafkaRecordSerializationSchema<WindowReport> accuracy(String topic) {
        AvroSerde<AccuracyReport> serde = AvroSerde.of(AccuracyReport.class);
        return (r, context, timestamp) -> new ProducerRecord<>(topic, null, r.windowEnd(),
                utf8(WindowSeries.accuracyKey(r.modelVersion(), r.role())), serde.serialize(accuracyReport(r)));
    }

    /** ModelComparisons keyed by champion@vs@challenger, timestamped with the window's end. */
    public static KafkaRecordSerializationSchema<ComparisonReport> comparison(String topic) {
        AvroSerde<ModelComparison> serde = AvroSerde.of(ModelComparison.class);
        return (r, context, timestamp) -> new ProducerRecord<>(topic, null, r.windowEnd(),
                utf8(WindowSeries.comparisonKey(r.championVersion(), r.challengerVersion())),
                serde.serialize(modelComparison(r)));
    }

    /** DeadLetters keyed by the original key. */
    public static KafkaRecordSerializationSchema<Rejected> deadLetters(String topic) {
        AvroSerde<DeadLetter> serde = AvroSerde.of(DeadLetter.class);
        return (r, context, timestamp) -> new ProducerRecord<>(topic, null, r.time(), r.key(),
                serde.serialize(deadLetter(r)));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
