package io.mtj.crypto;

import java.math.BigInteger;

/**
 * The client side of Telegram's two-step verification (core.telegram.org/api/srp, algorithm {@code
 * passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow}): from the password, the
 * algorithm's parameters and the server's {@code srp_B}, the {@code A} and {@code M1} that {@code
 * inputCheckPasswordSRP} carries.
 *
 * <pre>
 * g_a = g^a mod p                  x = PH2(password, salt1, salt2)     v = g^x mod p
 * t   = (g_b - k v) mod p          S = t^(a + u x) mod p
 * </pre>
 *
 * The password never leaves the client; {@code a} is 256 random bytes, fresh for every attempt.
 */
public final class Srp {
    private static final BigInteger BOUND = BigInteger.ONE.shiftLeft(2048 - 64);

    private Srp() {}

    /** What {@code inputCheckPasswordSRP} sends besides {@code srp_id}: {@code A} and {@code M1}. */
    public static final class Answer {
        private final byte[] a;
        private final byte[] m1;

        Answer(byte[] a, byte[] m1) {
            this.a = a;
            this.m1 = m1;
        }

        /** {@code A = g^a mod p}, 256 bytes big-endian. */
        public byte[] a() {
            return a.clone();
        }

        /** The 32-byte proof {@code M1}. */
        public byte[] m1() {
            return m1.clone();
        }
    }

    /**
     * Computes the answer after checking the parameters as the API asks: {@code p} is a 2048-bit safe
     * prime for which {@code g} generates the subgroup of order {@code (p-1)/2}, and {@code srp_B} lies
     * strictly between {@code 2^1984} and {@code p - 2^1984}.
     *
     * @param password the password's UTF-8 bytes
     * @param random 256 random bytes for the secret exponent {@code a}
     * @throws SecurityCheckException naming the check {@code p}, {@code g} or {@code srp_B} failed
     */
    public static Answer answer(
            byte[] password, int g, byte[] p, byte[] salt1, byte[] salt2, byte[] srpB, byte[] random)
            throws SecurityCheckException {
        if (random.length != SrpMath.SIZE) {
            throw new IllegalArgumentException("random is " + random.length + " bytes, expected 256");
        }
        BigInteger prime = new BigInteger(1, p);
        DhChecks.checkPrimeAndGenerator(prime, g);
        BigInteger gb = new BigInteger(1, srpB);
        if (gb.compareTo(BOUND) <= 0 || gb.compareTo(prime.subtract(BOUND)) >= 0) {
            throw new SecurityCheckException(
                    SecurityCheckException.Check.DH_PUBLIC_VALUE_RANGE,
                    "srp_B is not strictly between 2^1984 and p - 2^1984");
        }
        byte[] x = SrpPasswordHash.ph2(password, salt1, salt2);
        return compute(x, g, p, salt1, salt2, srpB, random);
    }

    /**
     * The arithmetic alone, with no checks, from {@code x = PH2(...)} already computed (so tests can
     * use the small primes of published vectors).
     */
    static Answer compute(byte[] x, int g, byte[] p, byte[] salt1, byte[] salt2, byte[] srpB, byte[] random) {
        BigInteger prime = new BigInteger(1, p);
        BigInteger gen = BigInteger.valueOf(g);
        BigInteger a = new BigInteger(1, random);
        byte[] ga = SrpMath.pad256(gen.modPow(a, prime));
        byte[] gb = SrpMath.pad256(srpB);
        BigInteger u = SrpMath.u(ga, gb);
        BigInteger xn = new BigInteger(1, x);
        BigInteger v = gen.modPow(xn, prime);
        BigInteger kv = SrpMath.k(p, g).multiply(v).mod(prime);
        BigInteger t = new BigInteger(1, gb).subtract(kv).mod(prime);
        BigInteger s = t.modPow(a.add(u.multiply(xn)), prime);
        return new Answer(ga, SrpMath.m1(p, g, salt1, salt2, ga, gb, s));
    }
}
