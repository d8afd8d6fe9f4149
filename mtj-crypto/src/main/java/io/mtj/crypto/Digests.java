package io.mtj.crypto;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-1 and SHA-256 over one or several arrays, hashed one after the other without concatenating
 * them. For repeated hashing keep the {@link MessageDigest} from {@link #sha256()} and reuse it.
 */
public final class Digests {
    private Digests() {}

    /** A new SHA-1 digest (every JDK has one). */
    public static MessageDigest sha1() {
        return get("SHA-1");
    }

    /** A new SHA-256 digest (every JDK has one). */
    public static MessageDigest sha256() {
        return get("SHA-256");
    }

    /** SHA-1 of the concatenation of {@code parts}. */
    public static byte[] sha1(byte[]... parts) {
        MessageDigest md = sha1();
        for (byte[] part : parts) {
            md.update(part);
        }
        return md.digest();
    }

    /** SHA-256 of the concatenation of {@code parts}. */
    public static byte[] sha256(byte[]... parts) {
        MessageDigest md = sha256();
        for (byte[] part : parts) {
            md.update(part);
        }
        return md.digest();
    }

    /** SHA-1 of {@code buf[off, off+len)}. */
    public static byte[] sha1(byte[] buf, int off, int len) {
        MessageDigest md = sha1();
        md.update(buf, off, len);
        return md.digest();
    }

    /** SHA-256 of {@code buf[off, off+len)}. */
    public static byte[] sha256(byte[] buf, int off, int len) {
        MessageDigest md = sha256();
        md.update(buf, off, len);
        return md.digest();
    }

    /** Finishes {@code md} into {@code out[off, off+digestLength)} without allocating a result array. */
    static void finish(MessageDigest md, byte[] out, int off) {
        try {
            md.digest(out, off, md.getDigestLength());
        } catch (DigestException e) {
            throw new IllegalStateException("digest output buffer too small", e);
        }
    }

    private static MessageDigest get(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " unavailable in this JDK", e);
        }
    }
}
