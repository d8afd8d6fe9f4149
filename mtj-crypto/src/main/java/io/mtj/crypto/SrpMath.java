package io.mtj.crypto;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The SRP-6a arithmetic of core.telegram.org/api/srp shared by {@link Srp} (client) and {@link
 * SrpServer}, with no checks of its inputs: the callers check. All numbers travel as 256-byte
 * big-endian arrays; {@code H} is SHA-256.
 *
 * <pre>
 * k  = H(p | g)            u = H(g_a | g_b)
 * M1 = H(H(p) xor H(g) | H(salt1) | H(salt2) | g_a | g_b | H(S))
 * </pre>
 */
final class SrpMath {
    static final int SIZE = 256;

    private SrpMath() {}

    static byte[] pad256(BigInteger n) {
        byte[] raw = n.toByteArray();
        if (raw.length == SIZE) {
            return raw;
        }
        if (raw.length == SIZE + 1 && raw[0] == 0) {
            return Arrays.copyOfRange(raw, 1, raw.length);
        }
        if (raw.length > SIZE) {
            throw new IllegalArgumentException("number of " + n.bitLength() + " bits does not fit 256 bytes");
        }
        byte[] out = new byte[SIZE];
        System.arraycopy(raw, 0, out, SIZE - raw.length, raw.length);
        return out;
    }

    static byte[] pad256(byte[] b) {
        if (b.length > SIZE) {
            throw new IllegalArgumentException("value of " + b.length + " bytes, expected at most " + SIZE);
        }
        return pad256(new BigInteger(1, b));
    }

    static BigInteger k(byte[] p, int g) {
        return new BigInteger(1, Digests.sha256(pad256(p), pad256(BigInteger.valueOf(g))));
    }

    static BigInteger u(byte[] ga, byte[] gb) {
        return new BigInteger(1, Digests.sha256(ga, gb));
    }

    static byte[] m1(byte[] p, int g, byte[] salt1, byte[] salt2, byte[] ga, byte[] gb, BigInteger s) {
        byte[] hp = Digests.sha256(pad256(p));
        byte[] hg = Digests.sha256(pad256(BigInteger.valueOf(g)));
        for (int i = 0; i < hp.length; i++) {
            hp[i] ^= hg[i];
        }
        byte[] ka = Digests.sha256(pad256(s));
        return Digests.sha256(hp, Digests.sha256(salt1), Digests.sha256(salt2), ga, gb, ka);
    }
}
