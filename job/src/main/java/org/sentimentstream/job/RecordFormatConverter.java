package org.sentimentstream.job;

import org.sentimentstream.schemas.RecordFormat;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses a topic format by its command-line name: {@code avro}, {@code confluent-avro} or {@code json}. */
public final class RecordFormatConverter implements ITypeConverter<RecordFormat> {
    @Override
    public RecordFormat convert(String value) {
        try {
            return RecordFormat.parse(value.trim());
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
