package io.mtj.core.session;

import io.mtj.tl.TlGzip;

/**
 * Decides whether a request is worth sending as {@code gzip_packed}, from a sample, before any deflating: file parts
 * (photos, video, archives) are already compressed, and deflating half a megabyte to learn that costs more than the
 * transfer. The sample is up to {@value #SAMPLE_BYTES} bytes in {@value #WINDOWS} windows spread over the body (the
 * whole body when it is smaller); its order-0 entropy above {@value #MAX_BITS_PER_BYTE} bits per byte means the body
 * goes as it is. Otherwise the whole body is packed and the packed form is kept only when it is smaller.
 *
 * <p>Order-0 entropy is what a byte-wise coder could save at best, so a sample above the limit could shrink by less
 * than an eighth: random, encrypted and compressed data read 7.6-8 bits per byte in samples of this size; TL objects,
 * text and JSON read 3-6.
 */
public final class GzipPolicy {
    /** Most bytes looked at to decide. */
    public static final int SAMPLE_BYTES = 4096;
    /** Entropy (bits per byte) above which a body is not packed. */
    public static final double MAX_BITS_PER_BYTE = 7.0;

    private static final int WINDOWS = 16;

    private GzipPolicy() {}

    /**
     * {@code body} as it is, or as {@code gzip_packed} when it is at least {@code threshold} bytes long, its sample looks
     * compressible and packing makes it smaller.
     */
    public static byte[] maybePack(byte[] body, int threshold) {
        if (body.length < threshold || !looksCompressible(body)) {
            return body;
        }
        byte[] packed = TlGzip.pack(body);
        return packed.length < body.length ? packed : body;
    }

    /** True when the sample's order-0 entropy is at most {@link #MAX_BITS_PER_BYTE}. */
    public static boolean looksCompressible(byte[] body) {
        return bitsPerByte(body) <= MAX_BITS_PER_BYTE;
    }

    /** Order-0 entropy of the sample of {@code body}, in bits per byte (0 for an empty body). */
    static double bitsPerByte(byte[] body) {
        int[] counts = new int[256];
        int n;
        if (body.length <= SAMPLE_BYTES) {
            for (byte b : body) {
                counts[b & 0xff]++;
            }
            n = body.length;
        } else {
            int window = SAMPLE_BYTES / WINDOWS;
            long stride = (body.length - window) / (WINDOWS - 1);
            for (int w = 0; w < WINDOWS; w++) {
                int from = (int) (w * stride);
                for (int i = from; i < from + window; i++) {
                    counts[body[i] & 0xff]++;
                }
            }
            n = window * WINDOWS;
        }
        if (n == 0) {
            return 0;
        }
        double sum = 0;
        for (int c : counts) {
            if (c > 0) {
                sum += c * Math.log(c);
            }
        }
        // H = log2(n) - (1/n) * sum(c * log2(c))
        return (Math.log(n) - sum / n) / Math.log(2);
    }
}
