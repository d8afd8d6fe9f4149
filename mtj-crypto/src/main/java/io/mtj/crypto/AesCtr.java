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
 * path is many times faster on bounded slices than on one huge call.
 */
public final class AesCtr {
    static final int SLICE = 16 * 1024;
    private final Cipher cipher;

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
        try {
            while (len > 0) {
                int n = Math.min(len, SLICE);
                cipher.update(in, inOff, n, out, outOff);
                inOff += n;
                outOff += n;
                len -= n;
            }
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException("output buffer too small", e);
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
        try {
            while (buf.hasRemaining()) {
                ByteBuffer slice = buf.slice(buf.position(), Math.min(buf.remaining(), SLICE));
                ByteBuffer dup = slice.duplicate();
                cipher.update(slice, dup);
                buf.position(buf.position() + slice.capacity());
            }
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
