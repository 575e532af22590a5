package org.sentimentstream.bench;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.sentimentstream.local.TopicTail;
import org.sentimentstream.schemas.AvroDecodeException;
import org.sentimentstream.schemas.AvroSerde;
import org.sentimentstream.schemas.SentimentEvent;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Reads a sentiment topic on its own thread, as a consumer downstream of the job would ({@link TopicTail},
 * read_committed: exactly-once output counts once committed, at-least-once output, written without transactions,
 * at once), and notes when each event became readable: the arrival times give the steady throughput, and arrival
 * minus the review's event time gives the end-to-end latency (into an HdrHistogram, for reviews whose event time is
 * past a warm-up instant). The job timestamps each sentiment record with its review's event time, so throughput
 * runs decode nothing; latency runs decode each event's {@code scored_at} too, to split the latency into event time
 * to scored and scored to readable.
 */
final class OutputClock implements AutoCloseable {
    private final TopicTail tail;
    private final Thread thread;
    private final long latencyFrom;
    private final Histogram latencyMs = new Histogram(3_600_000L, 3);
    private final Histogram toScoredMs = new Histogram(3_600_000L, 3);
    private final AvroSerde<SentimentEvent> serde = AvroSerde.of(SentimentEvent.class);
    private long[] arrivals = new long[1 << 16];
    private int count;

    /** @param latencyFrom reviews with an earlier event time (epoch ms) are counted but not in the latency */
    OutputClock(String bootstrapServers, String topic, long latencyFrom) {
        this.latencyFrom = latencyFrom;
        tail = new TopicTail(bootstrapServers, new Properties(), List.of(topic), this::take);
        thread = new Thread(tail, "bench-output-clock");
        thread.start();
    }

    private synchronized void take(ConsumerRecord<byte[], byte[]> record, long now) {
        long eventTime = record.timestamp();
        if (count == arrivals.length) {
            arrivals = Arrays.copyOf(arrivals, count * 2);
        }
        arrivals[count++] = now;
        if (eventTime >= latencyFrom) {
            latencyMs.recordValue(Math.max(0, now - eventTime));
            toScoredMs.recordValue(Math.max(0, scoredAt(record) - eventTime));
        }
        notifyAll();
    }

    /** Waits until {@code expected} events were read; false on timeout. */
    synchronized boolean await(long expected, Duration timeout) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (count < expected) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    synchronized int count() {
        return count;
    }

    /**
     * Events per second between the arrival of the 10th and the 90th percentile event: the steady rate, without
     * the job's start-up and the last batch's tail.
     */
    synchronized double steadyRate() {
        int from = count / 10;
        int to = count * 9 / 10;
        long millis = arrivals[to] - arrivals[from];
        if (to <= from || millis <= 0) {
            throw new IllegalStateException("too few events (" + count + ") to measure a rate");
        }
        return (to - from) * 1000.0 / millis;
    }

    /** Latency percentile in ms, {@code percentile} in [0, 100]. */
    synchronized long latencyPercentile(double percentile) {
        return latencyMs.getValueAtPercentile(percentile);
    }

    /** Percentile in ms of the part of the latency before the job scored the review. */
    synchronized long toScoredPercentile(double percentile) {
        return toScoredMs.getValueAtPercentile(percentile);
    }

    private long scoredAt(ConsumerRecord<byte[], byte[]> record) {
        try {
            return serde.deserialize(record.value()).getScoredAt().toEpochMilli();
        } catch (AvroDecodeException e) {
            throw new IllegalStateException("the job wrote a record the bench cannot read: " + e.getMessage(), e);
        }
    }

    synchronized long latencySamples() {
        return latencyMs.getTotalCount();
    }

    @Override
    public void close() throws InterruptedException {
        tail.stop();
        thread.join();
    }
}
