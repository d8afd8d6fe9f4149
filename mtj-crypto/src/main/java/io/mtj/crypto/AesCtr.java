package io.mtj.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A streaming AES-256-CTR keystream (big-endian 128-bit counter), as obfuscated2 uses it: every
 * call continues where the previous one ended. Not thread-safe; one instance per direction.
 *
 * <p>Large inputs are fed to the JDK cipher in slices of {@value #SLICE} bytes: the intrinsic CTR
 * path is many times faster on bounded slices than on one huge call. The JDK copies its input into a
 * fresh array whenever input and output are the same array, so in-place calls go through a scratch
 * slice owned by this instance instead (one {@code arraycopy}, no allocation); direct buffers are
 * staged through heap scratch slices for the same reason.
 */
public final class AesCtr {
    static final int SLICE = 16 * 1024;
    private final Cipher cipher;
    private byte[] scratch = new byte[0];
    private byte[] scratchOut = new byte[0];

    public AesCtr(byte[] key, byte[] iv) {
        if (key.length != 32) {
            throw new IllegalArgumentException("AES-256-CTR key must be 32 bytes, got " + key.length);
        }
        if (iv.length != 16) {
            throw new IllegalArgumentException("AES-256-CTR iv must be 16 bytes, got " + iv.length);
        }
        try {
            cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR/NoPadding unavailable in this JDK", e);
        }
    }

    /** XORs {@code len} bytes of {@code in} at {@code inOff} with the keystream into {@code out}. */
    public void apply(byte[] in, int inOff, int len, byte[] out, int outOff) {
        java.util.Objects.checkFromIndexSize(inOff, len, in.length);
        java.util.Objects.checkFromIndexSize(outOff, len, out.length);
        boolean sameArray = in == out;
        if (sameArray && len > scratch.length) {
            scratch = new byte[Math.min(SLICE, Math.max(len, 256))];
        }
        try {
            while (len > 0) {
                if (sameArray) {
                    int n = Math.min(len, scratch.length);
                    cipher.update(in, inOff, n, scratch, 0);
                    System.arraycopy(scratch, 0, out, outOff, n);
                    inOff += n;
                    outOff += n;
                    len -= n;
                } else {
                    int n = Math.min(len, SLICE);
                    cipher.update(in, inOff, n, out, outOff);
                    inOff += n;
                    outOff += n;
                    len -= n;
                }
            }
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** In place over {@code buf[off, off+len)}. */
    public void apply(byte[] buf, int off, int len) {
        apply(buf, off, len, buf, off);
    }

    /** In place over the remaining bytes of {@code buf}; its position ends at its limit. */
    public void apply(ByteBuffer buf) {
        if (buf.hasArray()) {
            int off = buf.arrayOffset() + buf.position();
            apply(buf.array(), off, buf.remaining());
            buf.position(buf.limit());
            return;
        }
        if (scratch.length < SLICE) {
            scratch = new byte[SLICE];
        }
        if (scratchOut.length < SLICE) {
            scratchOut = new byte[SLICE];
        }
        try {
            while (buf.hasRemaining()) {
                int pos = buf.position();
                int n = Math.min(buf.remaining(), SLICE);
                buf.get(pos, scratch, 0, n);
                cipher.update(scratch, 0, n, scratchOut, 0);
                buf.put(pos, scratchOut, 0, n);
                buf.position(pos + n);
            }
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
