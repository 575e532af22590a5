package org.sentimentstream.schemas;

import org.apache.avro.Schema;
import org.apache.avro.io.ResolvingDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;

import java.io.IOException;

/**
 * A {@link SpecificDatumReader} whose failures name the field being read, so a dead letter says "field review_id:
 * string of 2147483647 bytes, but only 30 bytes are left" rather than only what went wrong.
 */
final class FieldNamingReader<T> extends SpecificDatumReader<T> {

    /** A failure while reading one field; the message names the field. */
    static final class FieldException extends IOException {
        private static final long serialVersionUID = 1L;

        FieldException(String field, Throwable cause) {
            super("field " + field + ": " + describe(cause), cause);
        }

        private static String describe(Throwable cause) {
            String message = cause.getMessage();
            return cause instanceof java.io.EOFException ? "the record ends inside it"
                    : message != null ? message : cause.getClass().getSimpleName();
        }
    }

    FieldNamingReader(Schema writer, Schema reader, SpecificData data) {
        super(writer, reader, data);
    }

    @Override
    protected void readField(Object record, Schema.Field field, Object oldDatum, ResolvingDecoder in, Object state)
            throws IOException {
        try {
            super.readField(record, field, oldDatum, in, state);
        } catch (FieldException e) {
            throw e; // already names the innermost field
        } catch (IOException | RuntimeException e) {
            throw new FieldException(field.name(), e);
        }
    }
}
