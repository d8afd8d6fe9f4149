package io.mtj.tl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A growable little-endian buffer that writes TL values. Not thread-safe. Reusable: {@link #reset()} keeps the
 * backing array.
 */
public final class TlWriter {
    /** Constructor id of the boxed {@code vector} header. */
    public static final int VECTOR_ID = 0x1cb5c415;
    /** {@code boolTrue#997275b5}. */
    public static final int BOOL_TRUE = 0x997275b5;
    /** {@code boolFalse#bc799737}. */
    public static final int BOOL_FALSE = 0xbc799737;
    /** Largest length the 0xfe + 3-byte form can express. */
    public static final int MAX_BYTES_LENGTH = 0xFF_FFFF;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] buf;
    private int size;

    public TlWriter() {
        this(64);
    }

    public TlWriter(int initialCapacity) {
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("initialCapacity must be >= 0, got " + initialCapacity);
        }
        buf = new byte[Math.max(initialCapacity, 16)];
    }

    /** Serializes the boxed form of {@code object} into a new array. */
    public static byte[] serialize(TlObject object) {
        TlWriter out = new TlWriter();
        object.serialize(out);
        return out.toByteArray();
    }

    private void ensure(int extra) {
        int need = size + extra;
        if (need < 0) {
            throw new IllegalStateException("TL buffer would exceed 2 GiB");
        }
        if (need > buf.length) {
            int grown = Math.max(need, buf.length * 2);
            if (grown < 0) {
                grown = Integer.MAX_VALUE - 8;
            }
            buf = Arrays.copyOf(buf, grown);
        }
    }

    /** Forgets the content, keeping the capacity. */
    public TlWriter reset() {
        size = 0;
        return this;
    }

    /** Number of bytes written. */
    public int size() {
        return size;
    }

    /** A copy of the written bytes. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** Copies the written bytes into {@code dst} at {@code offset}. */
    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(buf, 0, dst, offset, size);
    }

    public TlWriter writeInt(int value) {
        ensure(4);
        INT.set(buf, size, value);
        size += 4;
        return this;
    }

    public TlWriter writeLong(long value) {
        ensure(8);
        LONG.set(buf, size, value);
        size += 8;
        return this;
    }

    public TlWriter writeDouble(double value) {
        return writeLong(Double.doubleToRawLongBits(value));
    }

    public TlWriter writeBool(boolean value) {
        return writeInt(value ? BOOL_TRUE : BOOL_FALSE);
    }

    /** Writes a 128-bit value as its 16 bytes, in the given order. */
    public TlWriter writeInt128(byte[] value) {
        return writeFixed(value, 16, "int128");
    }

    /** Writes a 256-bit value as its 32 bytes, in the given order. */
    public TlWriter writeInt256(byte[] value) {
        return writeFixed(value, 32, "int256");
    }

    private TlWriter writeFixed(byte[] value, int length, String what) {
        if (value.length != length) {
            throw new IllegalArgumentException(what + " needs " + length + " bytes, got " + value.length);
        }
        return writeRaw(value);
    }

    /** Writes bytes as they are, without a length prefix or padding. */
    public TlWriter writeRaw(byte[] value) {
        return writeRaw(value, 0, value.length);
    }

    /** Writes {@code length} bytes of {@code value} from {@code offset}, without a length prefix or padding. */
    public TlWriter writeRaw(byte[] value, int offset, int length) {
        ensure(length);
        System.arraycopy(value, offset, buf, size, length);
        size += length;
        return this;
    }

    /**
     * Writes TL {@code bytes}: a length below 254 as one byte, otherwise 0xfe and a 3-byte little-endian length;
     * then the data; then zero padding to a multiple of 4.
     */
    public TlWriter writeBytes(byte[] value) {
        return writeBytes(value, 0, value.length);
    }

    public TlWriter writeBytes(byte[] value, int offset, int length) {
        if (length > MAX_BYTES_LENGTH) {
            throw new IllegalArgumentException(
                    "TL bytes length 0x" + Integer.toHexString(length) + " exceeds the maximum 0xffffff");
        }
        int header = length < 254 ? 1 : 4;
        int total = (header + length + 3) & ~3;
        ensure(total);
        if (header == 1) {
            buf[size] = (byte) length;
        } else {
            INT.set(buf, size, (length << 8) | 0xfe);
        }
        System.arraycopy(value, offset, buf, size + header, length);
        Arrays.fill(buf, size + header + length, size + total, (byte) 0);
        size += total;
        return this;
    }

    /** Writes a TL {@code string}: its UTF-8 encoding as {@code bytes}. */
    public TlWriter writeString(String value) {
        return writeBytes(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a boxed object: constructor id, then body. */
    public TlWriter writeObject(TlObject value) {
        value.serialize(this);
        return this;
    }

    /** Writes the boxed vector header: 0x1cb5c415 then the count. */
    public TlWriter writeVectorHeader(int count) {
        writeInt(VECTOR_ID);
        return writeInt(count);
    }

    /** Writes a boxed {@code Vector<T>}. */
    public <T> TlWriter writeVector(List<T> values, TlEncoder<? super T> element) {
        writeInt(VECTOR_ID);
        return writeBareVector(values, element);
    }

    /** Writes a bare {@code vector<T>}: the count, then the elements. */
    public <T> TlWriter writeBareVector(List<T> values, TlEncoder<? super T> element) {
        writeInt(values.size());
        for (T value : values) {
            element.encode(this, value);
        }
        return this;
    }

    /** Writes a boxed {@code Vector<long>}. */
    public TlWriter writeLongVector(List<Long> values) {
        ensure(8 + 8 * values.size());
        writeVectorHeader(values.size());
        for (Long value : values) {
            writeLong(value);
        }
        return this;
    }

    /** Writes a boxed {@code Vector<int>}. */
    public TlWriter writeIntVector(List<Integer> values) {
        ensure(8 + 4 * values.size());
        writeVectorHeader(values.size());
        for (Integer value : values) {
            writeInt(value);
        }
        return this;
    }

    /**
     * Writes {@code gzip_packed#3072cfa1 packed_data:bytes} around an already serialized boxed object.
     *
     * @see TlGzip#pack(byte[])
     */
    public TlWriter writeGzipPacked(byte[] boxedObject) {
        writeInt(TlGzip.GZIP_PACKED_ID);
        return writeBytes(TlGzip.compress(boxedObject));
    }
}
