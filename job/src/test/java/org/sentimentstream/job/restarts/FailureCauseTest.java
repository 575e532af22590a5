package org.sentimentstream.job.restarts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.flink.util.ExceptionUtils;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

/** Causes read back from stack traces as Flink stringifies them for the exception history. */
class FailureCauseTest {
    private static FailureCause parsed(Throwable t) {
        return FailureCause.parse(t.getClass().getName(), ExceptionUtils.stringifyException(t));
    }

    @Test
    void aWrappedFailureIsSummedUpByItsExceptionAndDeepestCause() {
        Throwable deepest = new RecordTooLargeException("The request included a message larger than the max");
        Throwable t = new FlinkRuntimeException("Failed to send data to Kafka with producer 7",
                new IOException("flush failed", deepest));
        t.addSuppressed(new IllegalStateException("closing failed"));
        FailureCause cause = parsed(t);
        assertEquals(List.of(
                "org.apache.flink.util.FlinkRuntimeException: Failed to send data to Kafka with producer 7",
                "java.io.IOException: flush failed",
                "org.apache.kafka.common.errors.RecordTooLargeException: The request included a message larger than "
                        + "the max"), cause.chain());
        assertEquals("org.apache.flink.util.FlinkRuntimeException: Failed to send data to Kafka with producer 7; "
                + "caused by org.apache.kafka.common.errors.RecordTooLargeException: The request included a message "
                + "larger than the max", cause.summary());
    }

    @Test
    void theSignatureIsTheDeepestCauseWhereverTheFailureSurfaced() {
        Throwable deepest = new RecordTooLargeException("too large");
        assertEquals(parsed(new FlinkRuntimeException("producer 7", deepest)).signature(),
                parsed(new Exception("Could not perform checkpoint 1", new IOException("producer 8", deepest)))
                        .signature());
        assertEquals("org.apache.kafka.common.errors.RecordTooLargeException: too large",
                parsed(new FlinkRuntimeException("producer 8", deepest)).signature());
    }

    @Test
    void aFailureWithoutCauseIsItselfWholeAndAMessageOverLinesIsOneLine() {
        FailureCause cause = parsed(new IllegalArgumentException("Invalid timestamp: -1\nsecond line"));
        assertEquals("java.lang.IllegalArgumentException: Invalid timestamp: -1 second line", cause.summary());
        assertEquals(cause.summary(), cause.signature());
    }

    @Test
    void withoutAStackTraceTheExceptionNameStands() {
        assertEquals("java.lang.OutOfMemoryError", FailureCause.parse("java.lang.OutOfMemoryError", "").summary());
    }
}
