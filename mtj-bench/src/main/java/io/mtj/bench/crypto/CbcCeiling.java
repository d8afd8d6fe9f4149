package io.mtj.bench.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JDK's AES/CBC/NoPadding encryption in 16 KB calls (its best call size): serial AES-NI, the
 * ceiling IGE encryption shares, measured beside it because this machine's speed drifts.
 */
final class CbcCeiling {
    private static final int CALL = 16 * 1024;
    private final Cipher cipher;

    CbcCeiling(byte[] key) {
        try {
            cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] encrypt(byte[] data, int size, byte[] out) throws ShortBufferException {
        for (int off = 0; off < size; off += CALL) {
            cipher.update(data, off, Math.min(CALL, size - off), out, off);
        }
        return out;
    }
}
