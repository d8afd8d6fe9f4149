package io.mtj.tl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Reads TL values from a byte array window. Not thread-safe.
 *
 * <p>Every length read from the input (bytes, vectors, gzip) is checked against what remains before anything is
 * allocated, so malformed or hostile input fails with a {@link TlDecodeException} rather than an
 * {@link OutOfMemoryError}. Offsets in messages are hex and relative to the start of this reader's window.
 *
 * <p>Boxed {@code Object} values (and {@code !X} queries) are decoded through the reader's {@link TlRegistry};
 * a {@code gzip_packed} value found where an object is expected is inflated (bounded by {@link #maxInflated()}) and
 * the inner object decoded. gzip_packed inside gzip_packed is rejected. Boxed values may nest at most
 * {@link #MAX_DEPTH} deep.
 *
 * <p>After a {@link TlDecodeException} the reader's state is unspecified; discard it.
 */
public final class TlReader {
    /** Deepest nesting of boxed values accepted, so hostile input cannot exhaust the stack. */
    public static final int MAX_DEPTH = 256;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] buf;
    private final int start;
    private final int limit;
    private final TlRegistry registry;
    private final int maxInflated;
    private final boolean inflated;
    private int pos;
    private int depth;

    /** A reader over all of {@code data} with an empty registry and the default gzip bound. */
    public TlReader(byte[] data) {
        this(data, 0, data.length, TlRegistry.empty(), TlGzip.DEFAULT_MAX_INFLATED);
    }

    /** A reader over all of {@code data} decoding objects with {@code registry}. */
    public TlReader(byte[] data, TlRegistry registry) {
        this(data, 0, data.length, registry, TlGzip.DEFAULT_MAX_INFLATED);
    }

    /** A reader over {@code data[offset, offset + length)} with an empty registry and the default gzip bound. */
    public TlReader(byte[] data, int offset, int length) {
        this(data, offset, length, TlRegistry.empty(), TlGzip.DEFAULT_MAX_INFLATED);
    }

    /**
     * A reader over {@code data[offset, offset + length)}.
     *
     * @param maxInflated bound on the inflated size of any gzip_packed payload met while reading
     */
    public TlReader(byte[] data, int offset, int length, TlRegistry registry, int maxInflated) {
        this(data, offset, length, registry, maxInflated, false);
    }

    private TlReader(byte[] data, int offset, int length, TlRegistry registry, int maxInflated, boolean inflated) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (maxInflated < 0) {
            throw new IllegalArgumentException("maxInflated must be >= 0, got " + maxInflated);
        }
        this.buf = data;
        this.start = offset;
        this.limit = offset + length;
        this.pos = offset;
        this.registry = Objects.requireNonNull(registry, "registry");
        this.maxInflated = maxInflated;
        this.inflated = inflated;
    }

    /** Current position relative to the start of the window. */
    public int position() {
        return pos - start;
    }

    /** Bytes left in the window. */
    public int remaining() {
        return limit - pos;
    }

    /** The registry used for {@code Object} values. */
    public TlRegistry registry() {
        return registry;
    }

    /** Bound on the inflated size of gzip_packed payloads. */
    public int maxInflated() {
        return maxInflated;
    }

    /** Fails unless every byte has been consumed. */
    public void expectEnd() throws TlDecodeException {
        if (pos != limit) {
            throw new TlDecodeException("0x" + Integer.toHexString(remaining()) + " trailing bytes at offset 0x"
                    + Integer.toHexString(position()));
        }
    }

    private void need(int n, String what) throws TlDecodeException {
        if (limit - pos < n) {
            throw new TlDecodeException(what + " at offset 0x" + Integer.toHexString(position()) + " needs 0x"
                    + Integer.toHexString(n) + " bytes, only 0x" + Integer.toHexString(remaining())
                    + " remaining");
        }
    }

    public int readInt() throws TlDecodeException {
        need(4, "int");
        int v = (int) INT.get(buf, pos);
        pos += 4;
        return v;
    }

    /** Reads an int without consuming it. */
    public int peekInt() throws TlDecodeException {
        need(4, "int");
        return (int) INT.get(buf, pos);
    }

    public long readLong() throws TlDecodeException {
        need(8, "long");
        long v = (long) LONG.get(buf, pos);
        pos += 8;
        return v;
    }

    public double readDouble() throws TlDecodeException {
        need(8, "double");
        double v = Double.longBitsToDouble((long) LONG.get(buf, pos));
        pos += 8;
        return v;
    }

    /** Reads a boxed {@code Bool}. */
    public boolean readBool() throws TlDecodeException {
        int at = position();
        int id = readInt();
        if (id == TlWriter.BOOL_TRUE) {
            return true;
        }
        if (id == TlWriter.BOOL_FALSE) {
            return false;
        }
        throw new TlDecodeException("expected Bool (0x997275b5 or 0xbc799737) at offset 0x" + Integer.toHexString(at)
                + ", found 0x" + hex(id));
    }

    public byte[] readInt128() throws TlDecodeException {
        need(16, "int128");
        return readRawUnchecked(16);
    }

    public byte[] readInt256() throws TlDecodeException {
        need(32, "int256");
        return readRawUnchecked(32);
    }

    /** Reads {@code length} raw bytes (no length prefix, no padding). */
    public byte[] readRaw(int length) throws TlDecodeException {
        if (length < 0) {
            throw new TlDecodeException(
                    "negative raw length " + length + " at offset 0x" + Integer.toHexString(position()));
        }
        if (length > remaining()) {
            throw new TlDecodeException("raw length 0x" + Integer.toHexString(length) + " at offset 0x"
                    + Integer.toHexString(position()) + " exceeds the 0x" + Integer.toHexString(remaining())
                    + " bytes remaining");
        }
        return readRawUnchecked(length);
    }

    /** Reads every remaining byte. */
    public byte[] readRemaining() {
        return readRawUnchecked(remaining());
    }

    /** Skips {@code length} bytes. */
    public void skip(int length) throws TlDecodeException {
        need(length, "skip");
        pos += length;
    }

    private byte[] readRawUnchecked(int length) {
        byte[] out = Arrays.copyOfRange(buf, pos, pos + length);
        pos += length;
        return out;
    }

    /** Reads TL {@code bytes}: the length form, the data, and the padding to a multiple of 4. */
    public byte[] readBytes() throws TlDecodeException {
        int at = position();
        need(1, "bytes length");
        int first = buf[pos] & 0xff;
        int header;
        int length;
        if (first < 254) {
            header = 1;
            length = first;
        } else if (first == 254) {
            need(4, "bytes length");
            header = 4;
            length = ((int) INT.get(buf, pos)) >>> 8;
        } else {
            throw new TlDecodeException("invalid bytes length marker 0xff at offset 0x" + Integer.toHexString(at));
        }
        int total = (header + length + 3) & ~3;
        if (total > remaining()) {
            throw new TlDecodeException("bytes length 0x" + Integer.toHexString(length) + " at offset 0x"
                    + Integer.toHexString(at) + " exceeds the 0x" + Integer.toHexString(remaining() - header)
                    + " bytes remaining");
        }
        byte[] out = Arrays.copyOfRange(buf, pos + header, pos + header + length);
        pos += total;
        return out;
    }

    /** Reads a TL {@code string} (UTF-8; malformed sequences become U+FFFD). */
    public String readString() throws TlDecodeException {
        return new String(readBytes(), StandardCharsets.UTF_8);
    }

    /** Reads a boxed vector header and returns the element count, checked against what remains. */
    public int readVectorHeader(int minElementSize) throws TlDecodeException {
        int at = position();
        int id = readInt();
        if (id != TlWriter.VECTOR_ID) {
            throw new TlDecodeException(
                    "expected vector id 0x1cb5c415 at offset 0x" + Integer.toHexString(at) + ", found 0x" + hex(id));
        }
        return readVectorCount(minElementSize);
    }

    /** Reads a bare vector count, checked against what remains given the smallest possible element size. */
    public int readVectorCount(int minElementSize) throws TlDecodeException {
        int at = position();
        int count = readInt();
        if (count < 0) {
            throw new TlDecodeException("negative vector count " + count + " at offset 0x" + Integer.toHexString(at));
        }
        long atLeast = (long) count * Math.max(1, minElementSize);
        if (atLeast > remaining()) {
            throw new TlDecodeException("vector count 0x" + Integer.toHexString(count) + " at offset 0x"
                    + Integer.toHexString(at) + " needs at least 0x" + Long.toHexString(atLeast)
                    + " bytes, only 0x" + Integer.toHexString(remaining()) + " remaining");
        }
        return count;
    }

    /** Reads a boxed {@code Vector<T>}; elements are at least 4 bytes. */
    public <T> List<T> readVector(TlDecoder<? extends T> element) throws TlDecodeException {
        return readVector(element, 4);
    }

    /** Reads a boxed {@code Vector<T>} whose elements take at least {@code minElementSize} bytes. */
    public <T> List<T> readVector(TlDecoder<? extends T> element, int minElementSize) throws TlDecodeException {
        return readElements(readVectorHeader(minElementSize), element);
    }

    /** Reads a bare {@code vector<T>}: count then elements. */
    public <T> List<T> readBareVector(TlDecoder<? extends T> element, int minElementSize) throws TlDecodeException {
        return readElements(readVectorCount(minElementSize), element);
    }

    private <T> List<T> readElements(int count, TlDecoder<? extends T> element) throws TlDecodeException {
        List<T> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(element.decode(this));
        }
        return Collections.unmodifiableList(out);
    }

    /** Reads a boxed {@code Vector<long>}. */
    public List<Long> readLongVector() throws TlDecodeException {
        return readVector(TlReader::readLong, 8);
    }

    /** Reads a boxed {@code Vector<int>}. */
    public List<Integer> readIntVector() throws TlDecodeException {
        return readVector(TlReader::readInt, 4);
    }

    /**
     * Reads a boxed object of any registered type through the registry, inflating gzip_packed.
     *
     * @throws TlDecodeException naming the constructor id and offset when the id is not registered
     */
    public TlObject readObject() throws TlDecodeException {
        int at = position();
        int id = readInt();
        if (id == TlGzip.GZIP_PACKED_ID) {
            return readGzipPacked(at).readObject();
        }
        int index = registry.index(id);
        if (index < 0) {
            throw unknownConstructor(id, at, "Object");
        }
        enter(at);
        TlObject value = registry.decodeBody(index, this);
        exit();
        return value;
    }

    /**
     * Marks the start of a boxed value's body at {@code offset}; generated readers call it and {@link #exit()}.
     *
     * @throws TlDecodeException when values nest deeper than {@link #MAX_DEPTH}
     */
    public void enter(int offset) throws TlDecodeException {
        if (++depth > MAX_DEPTH) {
            throw new TlDecodeException(
                    "values nested deeper than " + MAX_DEPTH + " at offset 0x" + Integer.toHexString(offset));
        }
    }

    /** Marks the end of a boxed value's body. */
    public void exit() {
        depth--;
    }

    /** Reads a boxed method call (a {@code !X} field) through the registry. */
    public TlMethod<?> readMethod() throws TlDecodeException {
        int at = position();
        TlObject object = readObject();
        if (object instanceof TlMethod<?> method) {
            return method;
        }
        throw new TlDecodeException("expected a method call at offset 0x" + Integer.toHexString(at)
                + ", found constructor 0x" + hex(object.constructorId()));
    }

    /**
     * If the next value is gzip_packed, consumes it and returns a reader over the inflated value; otherwise returns
     * this reader. Generated {@code readResult} methods call it so that a packed answer of any type (including
     * vectors and Bool) decodes.
     */
    public TlReader unwrapGzip() throws TlDecodeException {
        if (remaining() >= 4 && (int) INT.get(buf, pos) == TlGzip.GZIP_PACKED_ID) {
            int at = position();
            pos += 4;
            return readGzipPacked(at);
        }
        return this;
    }

    /**
     * Having just read the gzip_packed id at offset {@code idOffset}, reads the packed bytes, inflates them within
     * the bound and returns a reader over the inflated object (same registry and bound).
     */
    public TlReader readGzipPacked(int idOffset) throws TlDecodeException {
        String where = "at offset 0x" + Integer.toHexString(idOffset);
        if (inflated) {
            throw new TlDecodeException("nested gzip_packed " + where + " is not allowed");
        }
        byte[] packed = readBytes();
        byte[] plain = TlGzip.inflate(packed, maxInflated, where);
        return new TlReader(plain, 0, plain.length, registry, maxInflated, true);
    }

    /**
     * Builds the exception for an id that is not a constructor of {@code expectedType}; generated readers call it.
     */
    public TlDecodeException unknownConstructor(int id, int offset, String expectedType) {
        return new TlDecodeException("unknown constructor 0x" + hex(id) + " at offset 0x" + Integer.toHexString(offset)
                + " (expected " + expectedType + ")");
    }

    private static String hex(int v) {
        return String.format("%08x", v);
    }
}
