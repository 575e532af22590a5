package org.sentimentstream.schemas;

/** Bytes that are not a readable single-object-encoded record of the expected type; says why, as a category. */
public class AvroDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final DeadLetterReason reason;

    public AvroDecodeException(DeadLetterReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** NOT_AVRO, UNKNOWN_SCHEMA or MALFORMED. */
    public DeadLetterReason reason() {
        return reason;
    }
}
