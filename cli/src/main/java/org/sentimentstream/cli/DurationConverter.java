package org.sentimentstream.cli;

import org.sentimentstream.job.Durations;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

/** Reads a duration option as the job does ({@link Durations}): {@code 20ms}, {@code 5s}, {@code 1m}, {@code 2h}. */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
