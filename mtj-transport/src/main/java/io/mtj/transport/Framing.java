package io.mtj.transport;

/**
 * The four MTProto TCP framings and the tag a client announces each with, and the HTTP transport
 * ({@code POST /api}, one packet per request or response body, framed by Content-Length).
 */
public enum Framing {
    /** Tag {@code 0xef}; length/4 in one byte, or {@code 0x7f} and three bytes little-endian. */
    ABRIDGED(0xefefefef),
    /** Tag {@code 0xeeeeeeee}; a 4-byte little-endian length. The default. */
    INTERMEDIATE(0xeeeeeeee),
    /** Tag {@code 0xdddddddd}; as intermediate with 0..15 random bytes appended to every packet. */
    PADDED_INTERMEDIATE(0xdddddddd),
    /** No tag; length, sequence number, payload and CRC32. Cannot be obfuscated. */
    FULL(0),
    /** HTTP/1.1 keep-alive {@code POST /api}; no tag, cannot be obfuscated. */
    HTTP(0);

    private final int obfuscationTag;

    Framing(int obfuscationTag) {
        this.obfuscationTag = obfuscationTag;
    }

    /**
     * The 4-byte protocol tag at offset 56 of an obfuscation header (read little-endian).
     *
     * @return the tag as an int
     * @throws IllegalStateException for {@link #FULL}, which has no tag
     */
    public int obfuscationTag() {
        if (this == FULL || this == HTTP) {
            throw new IllegalStateException("the " + name().toLowerCase(java.util.Locale.ROOT)
                    + " framing has no protocol tag and cannot be obfuscated");
        }
        return obfuscationTag;
    }

    /**
     * Finds the framing an obfuscation header names.
     *
     * @param tag the 4-byte tag read little-endian from offset 56 of a decrypted header
     * @return the framing whose obfuscation tag is {@code tag}, or null if none has it
     */
    public static @org.jspecify.annotations.Nullable Framing ofObfuscationTag(int tag) {
        for (Framing f : values()) {
            if (f != FULL && f != HTTP && f.obfuscationTag == tag) {
                return f;
            }
        }
        return null;
    }
}
