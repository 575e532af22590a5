package org.sentimentstream.cli.dashboard;

import java.util.Arrays;

/** The latest {@code capacity} latencies in ms, and their percentiles (nearest rank); not thread-safe. */
final class LatencyWindow {
    private final long[] values;
    private int size;
    private int next;

    LatencyWindow(int capacity) {
        values = new long[capacity];
    }

    void add(long ms) {
        values[next] = ms;
        next = (next + 1) % values.length;
        size = Math.min(size + 1, values.length);
    }

    /** The {@code q} percentile, {@code q} in (0, 1]; 0 before any value. */
    long percentile(double q) {
        if (size == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        return sorted[(int) Math.max(0, Math.ceil(q * size) - 1)];
    }
}
