package org.sentimentstream.job.join;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The event-time timers of {@link LabelJoin}: (deadline, fingerprint, key group) records in buckets of
 * {@value #BUCKET_MS} ms of deadline, each bucket a primitive array, so a timer costs no object of its own.
 * {@link #fire} hands out every record whose deadline the watermark has reached, bucket by bucket and within a
 * bucket in the order added.
 *
 * <p>Records are never removed before they fire: the join checks, when one fires, that its review is still held
 * with that deadline, and ignores it otherwise (the entry was resolved, or its deadline moved). A record is added
 * per deadline set, so they number about the entries set within one max delay.
 */
final class Deadlines {
    static final int BUCKET_MS = 128;
    private static final int FIELDS = 4;

    private final TreeMap<Long, Bucket> buckets = new TreeMap<>();
    private long lastIndex = Long.MIN_VALUE;
    private Bucket lastBucket;
    private long count;

    /** Adds a timer for the review with this fingerprint, in this key group, at {@code deadline}. */
    void add(long deadline, long fingerprintHigh, long fingerprintLow, int keyGroup) {
        long index = Math.floorDiv(deadline, BUCKET_MS);
        if (index != lastIndex) {
            lastBucket = buckets.computeIfAbsent(index, i -> new Bucket());
            lastIndex = index;
        }
        lastBucket.add(deadline, fingerprintHigh, fingerprintLow, keyGroup);
        count++;
    }

    /** Timers added and not yet fired, stale ones included. */
    long size() {
        return count;
    }

    /**
     * Removes every timer at or before {@code watermark} and hands it to {@code handler}, earlier buckets first.
     * The handler must not add timers.
     */
    void fire(long watermark, Handler handler) throws Exception {
        long lastFull = Math.floorDiv(watermark, BUCKET_MS) - (Math.floorMod(watermark, BUCKET_MS) == BUCKET_MS - 1
                ? 0 : 1); // the last bucket whose every deadline is at or before the watermark
        Map.Entry<Long, Bucket> first;
        while ((first = buckets.firstEntry()) != null && first.getKey() <= lastFull) {
            buckets.remove(first.getKey());
            forget(first.getKey());
            Bucket bucket = first.getValue();
            count -= bucket.size;
            bucket.fireAll(handler);
        }
        if (first != null && first.getKey() == lastFull + 1) {
            count -= first.getValue().fireUpTo(watermark, handler);
            if (first.getValue().size == 0) {
                buckets.remove(first.getKey());
                forget(first.getKey());
            }
        }
    }

    private void forget(long index) {
        if (index == lastIndex) {
            lastIndex = Long.MIN_VALUE;
            lastBucket = null;
        }
    }

    /** What to do with a timer that fired. */
    @FunctionalInterface
    interface Handler {
        void fired(long deadline, long fingerprintHigh, long fingerprintLow, int keyGroup) throws Exception;
    }

    /** The timers of one bucket: {@value #FIELDS} longs each. */
    private static final class Bucket {
        private long[] records = new long[FIELDS * 16];
        private int size;

        void add(long deadline, long fingerprintHigh, long fingerprintLow, int keyGroup) {
            int at = size * FIELDS;
            if (at == records.length) {
                records = Arrays.copyOf(records, 2 * records.length);
            }
            records[at] = deadline;
            records[at + 1] = fingerprintHigh;
            records[at + 2] = fingerprintLow;
            records[at + 3] = keyGroup;
            size++;
        }

        void fireAll(Handler handler) throws Exception {
            for (int at = 0; at < size * FIELDS; at += FIELDS) {
                handler.fired(records[at], records[at + 1], records[at + 2], (int) records[at + 3]);
            }
        }

        /** Fires the timers at or before {@code watermark}, keeps the others in order; returns how many fired. */
        int fireUpTo(long watermark, Handler handler) throws Exception {
            int kept = 0;
            int fired = 0;
            for (int at = 0; at < size * FIELDS; at += FIELDS) {
                if (records[at] <= watermark) {
                    handler.fired(records[at], records[at + 1], records[at + 2], (int) records[at + 3]);
                    fired++;
                } else {
                    System.arraycopy(records, at, records, kept * FIELDS, FIELDS);
                    kept++;
                }
            }
            size = kept;
            return fired;
        }
    }
}
