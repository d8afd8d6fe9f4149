package io.mtj.crypto;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.HexFormat;

/**
 * The few DER elements an RSA public key needs: SEQUENCE, INTEGER, OBJECT IDENTIFIER, NULL and
 * BIT STRING, definite lengths only. Reading is bounded by the input: no length read from it is
 * trusted before it is checked against the bytes that remain.
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;

    private final byte[] buf;
    private int pos;
    private final int end;

    Der(byte[] buf, int off, int end) {
        this.buf = buf;
        this.pos = off;
        this.end = end;
    }

    Der(byte[] buf) {
        this(buf, 0, buf.length);
    }

    boolean hasMore() {
        return pos < end;
    }

    int peekTag() {
        if (pos >= end) {
            throw new KeyFormatException(
                    "DER: expected an element at offset 0x" + Integer.toHexString(pos) + " but the input ends there");
        }
        return buf[pos] & 0xff;
    }

    /** Reads an element of the given tag and returns a reader over its contents. */
    Der enter(int tag) {
        int start = pos;
        int length = header(tag);
        Der inner = new Der(buf, pos, pos + length);
        pos += length;
        if (tag == SEQUENCE && length == 0) {
            throw new KeyFormatException("DER: empty SEQUENCE at offset 0x" + Integer.toHexString(start));
        }
        return inner;
    }

    /** Reads the contents of an element of the given tag. */
    byte[] read(int tag) {
        int length = header(tag);
        byte[] value = java.util.Arrays.copyOfRange(buf, pos, pos + length);
        pos += length;
        return value;
    }

    BigInteger readPositiveInteger(String name) {
        int start = pos;
        byte[] value = read(INTEGER);
        if (value.length == 0 || value[0] < 0) {
            throw new KeyFormatException(
                    "DER: " + name + " at offset 0x" + Integer.toHexString(start) + " is not a positive INTEGER");
        }
        return new BigInteger(1, value);
    }

    void expectEnd(String what) {
        if (pos != end) {
            throw new KeyFormatException("DER: " + (end - pos) + " unexpected trailing byte(s) after " + what
                    + " at offset 0x" + Integer.toHexString(pos));
        }
    }

    private int header(int tag) {
        int start = pos;
        int actual = peekTag();
        if (actual != tag) {
            throw new KeyFormatException(
                    String.format("DER: expected tag 0x%02x at offset 0x%x, got 0x%02x", tag, start, actual));
        }
        pos++;
        if (pos >= end) {
            throw new KeyFormatException("DER: length missing at offset 0x" + Integer.toHexString(pos));
        }
        int first = buf[pos++] & 0xff;
        int length;
        if (first < 0x80) {
            length = first;
        } else {
            int count = first & 0x7f;
            if (count == 0 || count > 3) {
                throw new KeyFormatException(String.format(
                        "DER: unsupported length form 0x%02x at offset 0x%x (definite lengths of 1..3 bytes only)",
                        first, pos - 1));
            }
            if (end - pos < count) {
                throw new KeyFormatException("DER: truncated length at offset 0x" + Integer.toHexString(pos));
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | (buf[pos++] & 0xff);
            }
        }
        if (length > end - pos) {
            throw new KeyFormatException(String.format(
                    "DER: element at offset 0x%x declares %d content bytes but only %d remain",
                    start, length, end - pos));
        }
        return length;
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    // ---- writing ----

    static byte[] integer(BigInteger value) {
        return element(INTEGER, value.toByteArray());
    }

    static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            body.writeBytes(p);
        }
        return element(SEQUENCE, body.toByteArray());
    }

    static byte[] element(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 5);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >>> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >>> 16);
            out.write(n >>> 8);
            out.write(n);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
