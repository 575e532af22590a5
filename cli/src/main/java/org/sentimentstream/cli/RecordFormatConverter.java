package org.sentimentstream.cli;

import org.sentimentstream.schemas.RecordFormat;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a topic format by its command-line name: {@code avro}, {@code confluent-avro} or {@code json}. */
final class RecordFormatConverter implements ITypeConverter<RecordFormat> {
    @Override
    public RecordFormat convert(String value) {
        try {
            return RecordFormat.parse(value.trim());
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
