package org.sentimentstream.job.ingest;

/**
 * What a Kafka record decoded to: exactly one of {@code event} and {@code rejected} is set. Decoding happens in the
 * source so that watermarks are tracked per Kafka partition on the events' own time.
 *
 * @param event the decoded event, or null
 * @param rejected why the record was rejected, or null
 * @param timestamp event time of the event, or the Kafka timestamp of a rejected record
 */
public record Decoded<T>(T event, Rejected rejected, long timestamp) {

    public static <T> Decoded<T> of(T event, long timestamp) {
        return new Decoded<>(event, null, timestamp);
    }

    public static <T> Decoded<T> rejected(Rejected rejected) {
        return new Decoded<>(null, rejected, rejected.time());
    }
}
