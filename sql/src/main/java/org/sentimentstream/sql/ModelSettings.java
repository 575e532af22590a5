package org.sentimentstream.sql;

import org.apache.flink.table.api.ValidationException;

import java.io.Serializable;
import java.time.Duration;

/**
 * One model's settings, checked: see {@link ModelOptions}.
 *
 * @param modelDir the SavedModel directory
 * @param batchSize {@code batch.size}
 * @param batchMaxWait {@code batch.max-wait}
 * @param threads {@code threads}
 * @param sessionMaxConcurrentOperations the session's bound on rows in flight in an async ML_PREDICT, which a
 *     call's {@code max-concurrent-operations} overrides
 */
record ModelSettings(String modelDir, int batchSize, Duration batchMaxWait, int threads,
        int sessionMaxConcurrentOperations) implements Serializable {

    ModelSettings {
        if (batchSize < 1) {
            throw new ValidationException("'batch.size' must be at least 1, not " + batchSize);
        }
        if (batchMaxWait.isNegative()) {
            throw new ValidationException("'batch.max-wait' must not be negative, not " + batchMaxWait);
        }
        if (threads < 1) {
            throw new ValidationException("'threads' must be at least 1, not " + threads);
        }
    }

    /**
     * Rows per batch at most when at most {@code inFlight} rows can wait: the async operator offers no more rows
     * until some complete, so a batch larger than that would only ever close at {@code batch.max-wait}.
     */
    int batchSizeFor(int inFlight) {
        return Math.max(1, Math.min(batchSize, inFlight));
    }
}
