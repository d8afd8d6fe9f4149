package io.mtj.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The password hashing of Telegram's two-step verification for the algorithm {@code
 * passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow} (core.telegram.org/api/srp):
 *
 * <pre>
 * SH(data, salt)              = SHA256(salt | data | salt)
 * PH1(password, salt1, salt2) = SH(SH(password, salt1), salt2)
 * PH2(password, salt1, salt2) = SH(PBKDF2-HMAC-SHA512(PH1, salt1, 100000 rounds, 64 bytes), salt2)
 * x = PH2 as a big-endian number,  v = g^x mod p (the verifier a server stores)
 * </pre>
 *
 * <p>PBKDF2 is written here on {@link Mac} rather than taken from {@code SecretKeyFactory}: the JDK's
 * PBKDF2 takes the password as {@code char[]}, and PH1 is 32 arbitrary bytes.
 */
public final class SrpPasswordHash {
    /** The PBKDF2 round count the algorithm's name fixes. */
    public static final int PBKDF2_ROUNDS = 100_000;

    private static final int PBKDF2_BYTES = 64;

    private SrpPasswordHash() {}

    /** PH2 of {@code password} (its UTF-8 bytes): the 32 bytes whose number is the exponent x. */
    public static byte[] ph2(byte[] password, byte[] salt1, byte[] salt2) {
        byte[] ph1 = saltedHash(saltedHash(password, salt1), salt2);
        return saltedHash(pbkdf2HmacSha512(ph1, salt1, PBKDF2_ROUNDS), salt2);
    }

    /**
     * The verifier {@code v = g^x mod p}, 256 bytes big-endian: what {@code account.updatePasswordSettings}
     * sends as {@code new_password_hash} and what a server keeps instead of the password.
     */
    public static byte[] verifier(int g, byte[] p, byte[] password, byte[] salt1, byte[] salt2) {
        BigInteger x = new BigInteger(1, ph2(password, salt1, salt2));
        BigInteger v = BigInteger.valueOf(g).modPow(x, new BigInteger(1, p));
        return SrpMath.pad256(v);
    }

    static byte[] saltedHash(byte[] data, byte[] salt) {
        return Digests.sha256(salt, data, salt);
    }

    /** PBKDF2 (RFC 8018) with HMAC-SHA512, one 64-byte block. */
    static byte[] pbkdf2HmacSha512(byte[] key, byte[] salt, int rounds) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(key, "HmacSHA512"));
            mac.update(salt);
            mac.update(new byte[] {0, 0, 0, 1});
            byte[] u = mac.doFinal();
            byte[] out = u.clone();
            for (int i = 1; i < rounds; i++) {
                mac.update(u);
                mac.doFinal(u, 0);
                for (int j = 0; j < PBKDF2_BYTES; j++) {
                    out[j] ^= u[j];
                }
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA512 unavailable in this JDK", e);
        }
    }

    /** Constant-time comparison for M1 and similar proofs. */
    static boolean sameBytes(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
