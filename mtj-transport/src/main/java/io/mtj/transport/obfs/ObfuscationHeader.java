package io.mtj.transport.obfs;

import java.util.random.RandomGenerator;

/** The 64-byte obfuscation header: its layout, the rules on its random bytes, and generation. */
public final class ObfuscationHeader {
    /** Header length in bytes. */
    public static final int LENGTH = 64;
    /** Offset of the encrypt key (32 bytes), followed by the iv (16 bytes). */
    public static final int KEY_OFFSET = 8;
    /** Offset of the 4-byte protocol tag. */
    public static final int TAG_OFFSET = 56;
    /** Offset of the signed little-endian int16 dc id. */
    public static final int DC_OFFSET = 60;

    /** First ints (read little-endian) a header must not start with: HTTP verbs, TLS, plain tags. */
    private static final int[] FORBIDDEN_FIRST_INTS = {
        0x44414548, // "HEAD"
        0x54534f50, // "POST"
        0x20544547, // "GET "
        0x4954504f, // "OPTI"
        0x02010316, // TLS record header 16 03 01 02
        0xdddddddd, // padded intermediate tag
        0xeeeeeeee, // intermediate tag
    };

    private ObfuscationHeader() {}

    /** Draws random headers until one obeys {@link #violation}; the caller fills tag and dc later. */
    public static byte[] random(RandomGenerator random) {
        byte[] header = new byte[LENGTH];
        do {
            random.nextBytes(header);
        } while (violation(header) != null);
        return header;
    }

    /**
     * Why {@code header} may not start an obfuscated connection (a server or a middlebox would read
     * it as another protocol), or null when it may.
     */
    public static @org.jspecify.annotations.Nullable String violation(byte[] header) {
        if (header.length != LENGTH) {
            return "header must be " + LENGTH + " bytes, got " + header.length;
        }
        if ((header[0] & 0xff) == 0xef) {
            return "byte 0 is 0xef (the abridged tag)";
        }
        int first = intLe(header, 0);
        for (int forbidden : FORBIDDEN_FIRST_INTS) {
            if (first == forbidden) {
                return "first int is 0x" + Integer.toHexString(forbidden) + " (another protocol's start)";
            }
        }
        if (intLe(header, 4) == 0) {
            return "second int is 0 (reads as a full-framing seqno 0)";
        }
        return null;
    }

    static int intLe(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }
}
