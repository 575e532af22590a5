package org.sentimentstream.schemas;

/** Bytes that are not a readable record of the expected type in the topic's format; says why, as a category. */
public class AvroDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final DeadLetterReason reason;

    public AvroDecodeException(DeadLetterReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** TOMBSTONE, NOT_AVRO, UNKNOWN_SCHEMA, MALFORMED or MISSING_FIELD. */
    public DeadLetterReason reason() {
        return reason;
    }
}
