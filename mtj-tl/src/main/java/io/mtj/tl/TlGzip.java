package io.mtj.tl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;

/** {@code gzip_packed#3072cfa1 packed_data:bytes = Object}: compression on write, bounded inflation on read. */
public final class TlGzip {
    /** Constructor id of {@code gzip_packed}. */
    public static final int GZIP_PACKED_ID = 0x3072cfa1;

    /** Default bound on the inflated size of one gzip_packed payload (16 MiB). */
    public static final int DEFAULT_MAX_INFLATED = 16 << 20;

    private TlGzip() {}

    /** Gzip-compresses {@code data}. */
    public static byte[] compress(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(32, data.length / 2));
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory gzip failed", e);
        }
        return bytes.toByteArray();
    }

    /** Serializes {@code gzip_packed} (id and body) wrapping an already serialized boxed object. */
    public static byte[] pack(byte[] boxedObject) {
        return new TlWriter(boxedObject.length / 2 + 32)
                .writeGzipPacked(boxedObject)
                .toByteArray();
    }

    /** Serializes {@code gzip_packed} wrapping {@code object}. */
    public static byte[] pack(TlObject object) {
        return pack(TlWriter.serialize(object));
    }

    /**
     * Inflates a gzip stream, failing as soon as the output would exceed {@code maxInflated} bytes; the output buffer
     * never grows beyond that bound. A zlib stream (RFC 1950, the deflate data gzip carries behind a two-byte header
     * instead of gzip's ten) is read as well: mtcute packs its requests so (node's {@code deflateSync}) and Telegram
     * accepts them, so the test DC, which reads requests with this method, must too.
     *
     * @param where describes the payload's position for error messages (for example "at offset 0x10")
     */
    public static byte[] inflate(byte[] gzip, int maxInflated, String where) throws TlDecodeException {
        byte[] out = new byte[Math.min(maxInflated, Math.max(64, gzip.length * 4))];
        int size = 0;
        try (InputStream in = zlibHeader(gzip)
                ? new InflaterInputStream(new ByteArrayInputStream(gzip)) // its own Inflater, ended by close()
                : new GZIPInputStream(new ByteArrayInputStream(gzip), 4096)) {
            while (true) {
                if (size == out.length) {
                    if (out.length >= maxInflated) {
                        if (in.read() < 0) {
                            break;
                        }
                        throw new TlDecodeException("gzip_packed " + where + " inflates to more than the limit of 0x"
                                + Integer.toHexString(maxInflated) + " bytes");
                    }
                    out = Arrays.copyOf(out, (int) Math.min(maxInflated, out.length * 2L));
                }
                int n = in.read(out, size, out.length - size);
                if (n < 0) {
                    break;
                }
                size += n;
            }
        } catch (TlDecodeException e) {
            throw e;
        } catch (IOException e) {
            throw new TlDecodeException("gzip_packed " + where + " is not a valid gzip stream: " + e.getMessage(), e);
        }
        return size == out.length ? out : Arrays.copyOf(out, size);
    }

    /** Whether {@code data} opens with a zlib header: deflate with a window of at most 32 KiB, and the check bits. */
    static boolean zlibHeader(byte[] data) {
        if (data.length < 2) {
            return false;
        }
        int cmf = data[0] & 0xff;
        int flg = data[1] & 0xff;
        return (cmf & 0x0f) == 8 && (cmf >>> 4) <= 7 && ((cmf << 8) | flg) % 31 == 0;
    }
}
