package org.sentimentstream.schemas.internal;

import org.apache.avro.Schema;
import org.apache.avro.io.ResolvingDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.sentimentstream.schemas.AvroDecodeException;
import org.sentimentstream.schemas.DeadLetterReason;

import java.io.EOFException;
import java.io.IOException;

/**
 * Avro binary to a specific record, resolving the writer's schema to the reader's with Avro's own resolving decoder.
 * Unlike a plain datum reader it names the field a failure happened in, checks every length against the bytes left
 * before allocating ({@link BoundedBinaryDecoder}), and rejects bytes left over after the record: each is reported
 * as {@link DeadLetterReason#MALFORMED}.
 */
public final class FieldNamingReader<T> {
    private final SpecificDatumReader<T> reader;
    private final String typeName;

    public FieldNamingReader(Schema writer, Schema reader, SpecificData data) {
        this.reader = new Reader<>(writer, reader, data);
        this.typeName = reader.getName();
    }

    /** Reads {@code bytes[offset..]}, which must hold exactly one record. */
    public T read(byte[] bytes, int offset) throws AvroDecodeException {
        BoundedBinaryDecoder decoder = new BoundedBinaryDecoder(bytes, offset, bytes.length - offset);
        T record;
        try {
            record = reader.read(null, decoder);
        } catch (FieldFailure e) {
            throw new AvroDecodeException(DeadLetterReason.MALFORMED, "malformed " + typeName + ": field "
                    + e.path + ": " + describe(e.getCause()), e.getCause());
        } catch (IOException | RuntimeException e) {
            throw new AvroDecodeException(DeadLetterReason.MALFORMED,
                    "malformed " + typeName + ": " + describe(e), e);
        }
        int left = decoder.remaining();
        if (left > 0) {
            throw new AvroDecodeException(DeadLetterReason.MALFORMED, "malformed " + typeName + ": " + left
                    + " bytes after the complete record", null);
        }
        return record;
    }

    private static String describe(Throwable e) {
        if (e instanceof EOFException) {
            return "the bytes end before the record does";
        }
        if (e instanceof ArrayIndexOutOfBoundsException) {
            return "an index out of range (enum symbol or union branch): " + e.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Carries the dotted path of the field a failure happened in, innermost field last. */
    private static final class FieldFailure extends IOException {
        private static final long serialVersionUID = 1L;
        private final String path;

        FieldFailure(String path, Throwable cause) {
            super(path, cause);
            this.path = path;
        }
    }

    private static final class Reader<T> extends SpecificDatumReader<T> {
        Reader(Schema writer, Schema reader, SpecificData data) {
            super(writer, reader, data);
        }

        @Override
        protected void readField(Object record, Schema.Field field, Object oldDatum, ResolvingDecoder in,
                Object state) throws IOException {
            try {
                super.readField(record, field, oldDatum, in, state);
            } catch (FieldFailure e) {
                throw new FieldFailure(field.name() + "." + e.path, e.getCause());
            } catch (IOException | RuntimeException e) {
                throw new FieldFailure(field.name(), e);
            }
        }
    }
}
