package org.sentimentstream.job.ingest;

import org.apache.kafka.clients.producer.ProducerConfig;

import java.io.Serializable;
import java.util.OptionalInt;
import java.util.Properties;

/**
 * What every output record needs of an input, checked where the input enters so that no output can be refused by
 * the producer or the broker (which fails the job, and the restart meets the same record again): ids short enough
 * that a sentiment record (the id as key and in the value) fits, and dead letters cut to fit.
 *
 * @param reviewIdMaxBytes longest review id accepted, in UTF-8 bytes
 * @param maxRecordBytes the largest record the outputs take: the sinks' producer {@code max.request.size}, or the
 *     output topics' {@code max.message.bytes} when smaller
 */
public record RecordLimits(int reviewIdMaxBytes, int maxRecordBytes) implements Serializable {
    /** Dead letters keep at most this many of the original value's bytes. */
    public static final int MAX_KEPT_VALUE_BYTES = 512 * 1024;
    /** Longer error messages are cut (a message may quote the input). */
    static final int MAX_ERROR_CHARS = 2_000;
    /**
     * Room for what a record needs besides its key and value bytes: Kafka's batch and record headers and varints
     * (under 100 bytes), our fixed fields and the notes on cut bytes, with a wide margin.
     */
    static final int OVERHEAD_BYTES = 4_096;

    public RecordLimits {
        if (reviewIdMaxBytes < 1) {
            throw new IllegalArgumentException("review-id max bytes must be at least 1, got " + reviewIdMaxBytes);
        }
        long sentimentRecord = 2L * reviewIdMaxBytes + OVERHEAD_BYTES;
        if (maxRecordBytes < sentimentRecord + OVERHEAD_BYTES) {
            throw new IllegalArgumentException("outputs of at most " + maxRecordBytes + " bytes (max.request.size, "
                    + "or the output topics' max.message.bytes when smaller) are too small for review ids of "
                    + reviewIdMaxBytes + " bytes: allow at least " + (sentimentRecord + OVERHEAD_BYTES)
                    + " (2 x the id limit + " + 2 * OVERHEAD_BYTES + ")");
        }
    }

    /**
     * The limits for the sinks' producer properties ({@code max.request.size}, Kafka's default when unset) and the
     * output topics' smallest {@code max.message.bytes}, if known.
     */
    public static RecordLimits of(int reviewIdMaxBytes, Properties producer, OptionalInt topicMaxMessageBytes) {
        int maxRequest = maxRequestSize(producer);
        return new RecordLimits(reviewIdMaxBytes, Math.min(maxRequest, topicMaxMessageBytes.orElse(maxRequest)));
    }

    /** The producers' {@code max.request.size}: from the client properties, else Kafka's default (1 MiB). */
    public static int maxRequestSize(Properties producer) {
        String configured = producer.getProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        if (configured == null) {
            return 1024 * 1024;
        }
        try {
            return Integer.parseInt(configured.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("max.request.size is not a number: " + configured, e);
        }
    }

    /** Whether {@code id} is at most {@link #reviewIdMaxBytes} in UTF-8. */
    public boolean idFits(String id) {
        return id.length() <= reviewIdMaxBytes / 3 || utf8Length(id) <= reviewIdMaxBytes;
    }

    /**
     * A dead letter for an input, its key and value cut so that the dead letter (which holds the key twice: as its
     * Kafka key and in its value) fits {@link #maxRecordBytes}; the error says what was cut.
     */
    public Rejected deadLetter(String topic, int partition, long offset, byte[] key, byte[] value, String reason,
            String error, long time) {
        if (error.length() > MAX_ERROR_CHARS) {
            error = error.substring(0, MAX_ERROR_CHARS) + "...";
        }
        long budget = maxRecordBytes - OVERHEAD_BYTES - (long) utf8Length(topic) - utf8Length(error);
        int keyKept = key == null ? 0 : (int) Math.min(key.length, budget / 4);
        if (key != null && keyKept < key.length) {
            error += " (key cut to its first " + keyKept + " of " + key.length + " bytes)";
            key = java.util.Arrays.copyOf(key, keyKept);
        }
        int valueKept = value == null ? 0 : (int) Math.min(value.length,
                Math.min(MAX_KEPT_VALUE_BYTES, budget - 2L * keyKept));
        if (value != null && valueKept < value.length) {
            error += " (value cut to its first " + valueKept + " of " + value.length + " bytes)";
            value = java.util.Arrays.copyOf(value, valueKept);
        }
        return new Rejected(topic, partition, offset, key, value, reason, error, time);
    }

    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3; // a lone surrogate is encoded as '?', one byte: counting 3 errs on the safe side
            }
        }
        return bytes;
    }
}
