/**
 * The topic contracts: Avro records generated from {@code src/main/avro/*.avsc} ({@link
 * org.sentimentstream.schemas.Review}, {@link org.sentimentstream.schemas.ReviewLabel}, {@link
 * org.sentimentstream.schemas.SentimentEvent}, {@link org.sentimentstream.schemas.AccuracyReport}, {@link
 * org.sentimentstream.schemas.DeadLetter}), written as Avro single-object encoding (a two-byte marker and the
 * writer schema's 64-bit fingerprint before the binary body), with serdes for any Java client in {@link
 * org.sentimentstream.schemas.AvroSerde} and {@link org.sentimentstream.schemas.KafkaAvroSerde}.
 */
package org.sentimentstream.schemas;
