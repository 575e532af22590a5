package org.sentimentstream.job.ingest;

/**
 * An input that cannot be used, with where it came from and why; becomes a {@code DeadLetter}.
 *
 * @param topic source topic
 * @param partition source partition
 * @param offset source offset
 * @param key original key bytes, or null
 * @param value original value bytes, or null for a tombstone
 * @param reason a {@code DeadLetterReason} name, to count by
 * @param error what exactly was wrong, for a human
 * @param time when it was rejected, epoch milliseconds
 */
public record Rejected(String topic, int partition, long offset, byte[] key, byte[] value, String reason,
        String error, long time) {}
