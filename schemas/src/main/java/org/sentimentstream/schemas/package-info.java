/**
 * The topic contracts: Avro records generated from {@code src/main/avro/*.avsc} ({@link
 * org.sentimentstream.schemas.Review}, {@link org.sentimentstream.schemas.ReviewLabel}, {@link
 * org.sentimentstream.schemas.SentimentEvent}, {@link org.sentimentstream.schemas.AccuracyReport}, {@link
 * org.sentimentstream.schemas.DeadLetter}, {@link org.sentimentstream.schemas.ModelCommand}, {@link
 * org.sentimentstream.schemas.ModelComparison}), and the wire formats they travel in ({@link
 * org.sentimentstream.schemas.RecordFormat}, each a {@link org.sentimentstream.schemas.RecordSerde}): Avro
 * single-object encoding (a two-byte marker and the writer schema's 64-bit fingerprint before the binary body; every
 * output topic, and the input topics by default) in {@link org.sentimentstream.schemas.AvroSerde} and {@link
 * org.sentimentstream.schemas.KafkaAvroSerde}; Confluent-framed Avro with a {@link
 * org.sentimentstream.schemas.SchemaRegistry} in {@link org.sentimentstream.schemas.ConfluentAvroSerde}; JSON in
 * {@link org.sentimentstream.schemas.JsonSerde}. See docs/input-formats.md.
 */
package org.sentimentstream.schemas;
