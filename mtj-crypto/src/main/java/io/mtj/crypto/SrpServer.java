package io.mtj.crypto;

import java.math.BigInteger;

/**
 * The server side of one two-step verification attempt: it keeps the verifier {@code v = g^x mod p}
 * (never the password), offers {@code srp_B = (k v + g^b) mod p} and checks the client's {@code A}
 * and {@code M1} with {@code S = (A v^u)^b mod p}, the same secret the client reaches as {@code (B -
 * k v)^(a + u x)}. One instance serves one {@code srp_id}; the local test DC makes a new one for
 * every {@code account.getPassword}.
 */
public final class SrpServer {
    private static final BigInteger BOUND = BigInteger.ONE.shiftLeft(2048 - 64);

    private final int g;
    private final byte[] p;
    private final byte[] salt1;
    private final byte[] salt2;
    private final BigInteger prime;
    private final BigInteger v;
    private final BigInteger b;
    private final byte[] srpB;

    /**
     * @param verifier {@code v} as {@link SrpPasswordHash#verifier} computes it
     * @param random 256 random bytes for the secret exponent {@code b}
     */
    public SrpServer(int g, byte[] p, byte[] salt1, byte[] salt2, byte[] verifier, byte[] random) {
        if (random.length != SrpMath.SIZE) {
            throw new IllegalArgumentException("random is " + random.length + " bytes, expected 256");
        }
        this.g = g;
        this.p = p.clone();
        this.salt1 = salt1.clone();
        this.salt2 = salt2.clone();
        this.prime = new BigInteger(1, p);
        this.v = new BigInteger(1, verifier);
        this.b = new BigInteger(1, random);
        BigInteger gb = SrpMath.k(p, g)
                .multiply(v)
                .add(BigInteger.valueOf(g).modPow(b, prime))
                .mod(prime);
        this.srpB = SrpMath.pad256(gb);
    }

    /** {@code srp_B}, 256 bytes big-endian, for {@code account.password}. */
    public byte[] srpB() {
        return srpB.clone();
    }

    /**
     * Whether {@code a} and {@code m1} prove knowledge of the password. {@code A} outside {@code
     * (2^1984, p - 2^1984)} (which includes 0, 1 and multiples of p that would fix S) is refused.
     * The comparison of M1 takes the same time wherever the bytes differ.
     */
    public boolean verify(byte[] a, byte[] m1) {
        BigInteger an = new BigInteger(1, a);
        if (a.length > SrpMath.SIZE || an.compareTo(BOUND) <= 0 || an.compareTo(prime.subtract(BOUND)) >= 0) {
            return false;
        }
        byte[] ga = SrpMath.pad256(an);
        BigInteger u = SrpMath.u(ga, srpB);
        BigInteger s = an.multiply(v.modPow(u, prime)).mod(prime).modPow(b, prime);
        return SrpPasswordHash.sameBytes(SrpMath.m1(p, g, salt1, salt2, ga, srpB, s), m1);
    }
}
