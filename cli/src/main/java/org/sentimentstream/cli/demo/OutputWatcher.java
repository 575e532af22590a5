package org.sentimentstream.cli.demo;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.sentimentstream.job.JobConfig;
import org.sentimentstream.local.TopicTail;
import org.sentimentstream.schemas.AccuracyReport;
import org.sentimentstream.schemas.AvroDecodeException;
import org.sentimentstream.schemas.AvroSerde;
import org.sentimentstream.schemas.ModelComparison;
import org.sentimentstream.schemas.SentimentEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the job's output topics as a dashboard would (read_committed, from the beginning) on its own thread and
 * keeps what the demo shows: how many reviews are scored, when each became available (for throughput and
 * end-to-end latency: review event time to the moment this consumer could read it), every accuracy and comparison
 * report, and the dead-letter count.
 */
final class OutputWatcher implements Runnable {
    /** An accuracy report and when it was read. */
    record SeenReport(AccuracyReport report, long seenAt) {}

    private final TopicTail tail;
    private final JobConfig config;
    private final AvroSerde<SentimentEvent> sentimentSerde = AvroSerde.of(SentimentEvent.class);
    private final AvroSerde<AccuracyReport> reportSerde = AvroSerde.of(AccuracyReport.class);
    private final AvroSerde<ModelComparison> comparisonSerde = AvroSerde.of(ModelComparison.class);
    private final List<SeenReport> reports = new ArrayList<>();
    private final List<ModelComparison> comparisons = new ArrayList<>();
    private final Map<Long, Long> scoredPerSecond = new TreeMap<>();
    // milliseconds, 3 significant digits: constant memory however long the demo follows the stream
    private final Histogram latencies = new Histogram(3_600_000L, 3);
    private final Histogram scoringLatencies = new Histogram(3_600_000L, 3);
    private long deadLetters;
    private long firstEventTime = Long.MAX_VALUE;
    private long lastSeen;

    OutputWatcher(JobConfig config) {
        this.config = config;
        tail = new TopicTail(config.bootstrapServers(), config.clientProperties(),
                List.of(config.sentimentTopic(), config.accuracyTopic(), config.comparisonTopic(),
                        config.deadLetterTopic()), this::take);
    }

    @Override
    public void run() {
        tail.run();
    }

    private synchronized void take(ConsumerRecord<byte[], byte[]> record, long now) {
        try {
            if (record.topic().equals(config.sentimentTopic())) {
                SentimentEvent event = sentimentSerde.deserialize(record.value());
                long eventTime = event.getEventTime().toEpochMilli();
                firstEventTime = Math.min(firstEventTime, eventTime);
                lastSeen = now;
                scoringLatencies.recordValue(Math.max(0, event.getScoredAt().toEpochMilli() - eventTime));
                latencies.recordValue(Math.max(0, now - eventTime));
                scoredPerSecond.merge(now / 1000, 1L, Long::sum);
            } else if (record.topic().equals(config.accuracyTopic())) {
                reports.add(new SeenReport(reportSerde.deserialize(record.value()), now));
            } else if (record.topic().equals(config.comparisonTopic())) {
                comparisons.add(comparisonSerde.deserialize(record.value()));
            } else {
                deadLetters++;
            }
        } catch (AvroDecodeException e) {
            throw new IllegalStateException("the job wrote a record the demo cannot read: " + e.getMessage(), e);
        }
    }

    /** Whether everything committed to the output topics up to {@code endOffsets} has been read. */
    boolean caughtUpWith(Map<TopicPartition, Long> endOffsets) {
        return tail.caughtUpWith(endOffsets);
    }

    void stop() {
        tail.stop();
    }

    synchronized long scored() {
        return latencies.getTotalCount();
    }

    synchronized long deadLetters() {
        return deadLetters;
    }

    synchronized List<SeenReport> reports() {
        return List.copyOf(reports);
    }

    synchronized List<ModelComparison> comparisons() {
        return List.copyOf(comparisons);
    }

    synchronized Map<Long, Long> scoredPerSecond() {
        return new TreeMap<>(scoredPerSecond);
    }

    /** Percentile in ms of event time to readable, over every scored review so far, {@code q} in [0, 1]. */
    synchronized long latencyPercentile(double q) {
        return latencies.getValueAtPercentile(100 * q);
    }

    /** Percentile in ms of event time to scored (before the exactly-once commit), {@code q} in [0, 1]. */
    synchronized long scoringLatencyPercentile(double q) {
        return scoringLatencies.getValueAtPercentile(100 * q);
    }

    /** Reviews per second from the first review's event time to the last sentiment event read. */
    synchronized double throughput() {
        long scored = latencies.getTotalCount();
        return scored == 0 || lastSeen <= firstEventTime ? 0 : scored * 1000.0 / (lastSeen - firstEventTime);
    }

    /** Scored per second over the last full second. */
    synchronized long lastSecondRate() {
        return scoredPerSecond.getOrDefault(System.currentTimeMillis() / 1000 - 1, 0L);
    }
}
