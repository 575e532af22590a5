package org.sentimentstream.schemas.internal;

import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Avro binary decoding of one byte array that checks every length and count against the bytes left before it
 * allocates anything. Avro's own decoders allocate what a length prefix claims first, so a 20-byte record claiming a
 * 2 GB string or a map of 2^31 entries exhausts the heap: for a streaming job, an error that restarts it on the same
 * record forever. Here such a record is an {@link IOException} like any other malformed input.
 *
 * <p>A collection's claimed count must not exceed the bytes left: true of every record type of ours, whose
 * collection items all take at least one byte (an array of nulls would not be).
 */
public final class BoundedBinaryDecoder extends Decoder {
    private final byte[] bytes;
    private int position;
    private final int end;

    /** Decodes {@code bytes[offset, offset + length)}. */
    public BoundedBinaryDecoder(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.position = offset;
        this.end = offset + length;
    }

    /** Bytes not read yet: anything left after a whole record is trailing garbage. */
    public int remaining() {
        return end - position;
    }

    @Override
    public void readNull() {}

    @Override
    public boolean readBoolean() throws IOException {
        int b = readByte();
        if (b > 1) {
            throw new IOException("invalid boolean byte " + b);
        }
        return b == 1;
    }

    @Override
    public int readInt() throws IOException {
        long value = readLong();
        if (value != (int) value) {
            throw new IOException("int out of range: " + value);
        }
        return (int) value;
    }

    @Override
    public long readLong() throws IOException {
        long raw = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            raw |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new IOException("invalid long encoding: more than 10 bytes");
    }

    @Override
    public float readFloat() throws IOException {
        require(4, "float");
        int bits = (bytes[position] & 0xFF) | (bytes[position + 1] & 0xFF) << 8 | (bytes[position + 2] & 0xFF) << 16
                | (bytes[position + 3] & 0xFF) << 24;
        position += 4;
        return Float.intBitsToFloat(bits);
    }

    @Override
    public double readDouble() throws IOException {
        require(8, "double");
        long bits = 0;
        for (int i = 7; i >= 0; i--) {
            bits = bits << 8 | (bytes[position + i] & 0xFF);
        }
        position += 8;
        return Double.longBitsToDouble(bits);
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = readLength("string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        System.arraycopy(bytes, position, result.getBytes(), 0, length);
        position += length;
        return result;
    }

    @Override
    public String readString() throws IOException {
        int length = readLength("string");
        String s = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return s;
    }

    @Override
    public void skipString() throws IOException {
        int length = readLength("string"); // read first: it moves the position past the length itself
        position += length;
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = readLength("bytes");
        ByteBuffer result = old != null && old.capacity() >= length ? old.clear() : ByteBuffer.allocate(length);
        result.put(bytes, position, length).flip();
        position += length;
        return result;
    }

    @Override
    public void skipBytes() throws IOException {
        int length = readLength("bytes");
        position += length;
    }

    @Override
    public void readFixed(byte[] into, int start, int length) throws IOException {
        require(length, "fixed");
        System.arraycopy(bytes, position, into, start, length);
        position += length;
    }

    @Override
    public void skipFixed(int length) throws IOException {
        require(length, "fixed");
        position += length;
    }

    @Override
    public int readEnum() throws IOException {
        return readInt();
    }

    @Override
    public long readArrayStart() throws IOException {
        return readBlockCount("array");
    }

    @Override
    public long arrayNext() throws IOException {
        return readBlockCount("array");
    }

    @Override
    public long skipArray() throws IOException {
        return skipBlocks("array");
    }

    @Override
    public long readMapStart() throws IOException {
        return readBlockCount("map");
    }

    @Override
    public long mapNext() throws IOException {
        return readBlockCount("map");
    }

    @Override
    public long skipMap() throws IOException {
        return skipBlocks("map");
    }

    @Override
    public int readIndex() throws IOException {
        return readInt();
    }

    private int readByte() throws IOException {
        if (position >= end) {
            throw new EOFException("record ends too soon");
        }
        return bytes[position++] & 0xFF;
    }

    private void require(long length, String what) throws IOException {
        if (length < 0 || length > remaining()) {
            throw new IOException(what + " of " + length + " bytes, but only " + remaining() + " bytes are left");
        }
    }

    private int readLength(String what) throws IOException {
        long length = readLong();
        require(length, what);
        return (int) length;
    }

    /** A block's item count; a negative count is followed by the block's size in bytes, unused here. */
    private long readBlockCount(String what) throws IOException {
        long count = readLong();
        if (count < 0) {
            count = -count;
            readLong();
        }
        return checkCount(count, what);
    }

    private long checkCount(long count, String what) throws IOException {
        if (count < 0 || count > remaining()) {
            throw new IOException(what + " of " + count + " items, but only " + remaining() + " bytes are left");
        }
        return count;
    }

    /** Skips the blocks that carry their byte size; returns the count of the first block that does not. */
    private long skipBlocks(String what) throws IOException {
        while (true) {
            long count = readLong();
            if (count >= 0) {
                return checkCount(count, what);
            }
            long size = readLong();
            require(size, what + " block");
            position += (int) size;
        }
    }
}
