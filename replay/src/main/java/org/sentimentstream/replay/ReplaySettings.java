package org.sentimentstream.replay;

import org.sentimentstream.schemas.FormatOptions;
import org.sentimentstream.schemas.RecordFormat;

import java.time.Duration;
import java.util.Properties;

/**
 * How to replay.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param reviewsTopic where the reviews go
 * @param labelsTopic where the labels go
 * @param ratePerSecond reviews per second, 0 for as fast as possible
 * @param labelDelay how long after its review each label is sent
 * @param labelJitter each label's delay gets a seeded uniform extra in [0, jitter)
 * @param seed fixes the order of the reviews and the jitter
 * @param limit replay only the first N reviews of the shuffled split, 0 for all
 * @param clientProperties extra producer properties (security), may be empty
 * @param format the wire format of both topics
 * @param formatOptions what the format needs (the schema registry of confluent-avro)
 */
public record ReplaySettings(String bootstrapServers, String reviewsTopic, String labelsTopic, double ratePerSecond,
        Duration labelDelay, Duration labelJitter, long seed, int limit, Properties clientProperties,
        RecordFormat format, FormatOptions formatOptions) {

    /** Settings that write the default format, Avro single-object encoding. */
    public ReplaySettings(String bootstrapServers, String reviewsTopic, String labelsTopic, double ratePerSecond,
            Duration labelDelay, Duration labelJitter, long seed, int limit, Properties clientProperties) {
        this(bootstrapServers, reviewsTopic, labelsTopic, ratePerSecond, labelDelay, labelJitter, seed, limit,
                clientProperties, RecordFormat.AVRO, FormatOptions.none());
    }
}
