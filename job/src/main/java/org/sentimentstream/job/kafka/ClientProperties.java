package org.sentimentstream.job.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;

/** Extra Kafka client properties (security.protocol, sasl.*, ssl.*) from a properties file. */
public final class ClientProperties {
    private ClientProperties() {}

    /** The properties in {@code file}, or none when it is null; a missing file is a one-line user error. */
    public static Properties load(Path file) {
        Properties properties = new Properties();
        if (file != null) {
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("Kafka properties file not found: " + file, e);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return properties;
    }
}
