package io.mtj.crypto;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/** CRC32 (the zip / IEEE polynomial) as the full TCP transport uses it. */
public final class Crc32 {
    private Crc32() {}

    /** CRC32 of {@code buf[off, off+len)}, as the unsigned 32 bits in an int. */
    public static int of(byte[] buf, int off, int len) {
        CRC32 crc = new CRC32();
        crc.update(buf, off, len);
        return (int) crc.getValue();
    }

    /** CRC32 of the whole array. */
    public static int of(byte[] buf) {
        return of(buf, 0, buf.length);
    }

    /** CRC32 of the remaining bytes of {@code buf}; its position is left unchanged. */
    public static int of(ByteBuffer buf) {
        CRC32 crc = new CRC32();
        crc.update(buf.duplicate());
        return (int) crc.getValue();
    }
}
