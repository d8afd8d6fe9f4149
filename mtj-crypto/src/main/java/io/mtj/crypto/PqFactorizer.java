package io.mtj.crypto;

import java.math.BigInteger;
import java.util.random.RandomGenerator;

/**
 * Splits the {@code pq} of {@code resPQ} (a product of two primes below 2^32) into {@code p < q} with
 * Brent's variant of Pollard's rho, in 64-bit Montgomery arithmetic. {@code pq} is read as an
 * unsigned 64-bit number (the 8 big-endian bytes of the TL string), so products above 2^63 work too.
 */
public final class PqFactorizer {
    private static final int MAX_ROUNDS = 64;
    private static final int BATCH = 128;

    private PqFactorizer() {}

    /** The two factors, {@code p < q}, {@code p * q == pq}. */
    public record Factors(long p, long q) {}

    /** Factorises {@code pq} (the factors do not depend on the random constants drawn). */
    public static Factors factor(long pq) throws SecurityCheckException {
        return factor(pq, RandomGenerator.of("L64X128MixRandom"));
    }

    /**
     * Factorises {@code pq} (unsigned); {@code random} picks the polynomial constants.
     *
     * @throws SecurityCheckException if pq is below 4 or has no factorisation into two primes that each
     *     fit in 32 bits
     */
    public static Factors factor(long pq, RandomGenerator random) throws SecurityCheckException {
        if (Long.compareUnsigned(pq, 4) < 0) {
            throw fail("pq 0x" + Long.toHexString(pq) + " is not a product of two primes");
        }
        long d;
        if ((pq & 1) == 0) {
            d = 2;
        } else {
            d = brent(pq, random);
        }
        long other = Long.divideUnsigned(pq, d);
        long p = Math.min(d, other);
        long q = Math.max(d, other);
        if (p < 2 || q > 0xffffffffL || p * q != pq || !isPrime(p) || !isPrime(q)) {
            throw fail("pq 0x" + Long.toHexString(pq) + " is not a product of two 32-bit primes");
        }
        return new Factors(p, q);
    }

    private static long brent(long n, RandomGenerator random) throws SecurityCheckException {
        if (new BigInteger(Long.toUnsignedString(n)).isProbablePrime(40)) {
            throw fail("pq 0x" + Long.toHexString(n) + " is prime");
        }
        Montgomery m = new Montgomery(n);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            long c = m.toMont(1 + Long.remainderUnsigned(random.nextLong(), n - 1));
            long y = m.toMont(Long.remainderUnsigned(random.nextLong(), n));
            long g = 1;
            long r = 1;
            long q = m.one;
            long x = y;
            long ys = y;
            while (g == 1) {
                x = y;
                for (long i = 0; i < r; i++) {
                    y = m.add(m.mul(y, y), c);
                }
                long k = 0;
                while (k < r && g == 1) {
                    ys = y;
                    long steps = Math.min(BATCH, r - k);
                    for (long i = 0; i < steps; i++) {
                        y = m.add(m.mul(y, y), c);
                        q = m.mul(q, absDiff(x, y));
                    }
                    g = gcd(q, n);
                    k += steps;
                }
                r <<= 1;
                if (r > (1L << 40)) {
                    break;
                }
            }
            if (g == n) {
                // the batch overshot: step one at a time from the saved point
                do {
                    ys = m.add(m.mul(ys, ys), c);
                    g = gcd(absDiff(x, ys), n);
                } while (g == 1);
            }
            if (g != n && g != 1) {
                return g;
            }
        }
        throw fail("no factor of pq 0x" + Long.toHexString(n) + " found in " + MAX_ROUNDS + " rounds");
    }

    private static boolean isPrime(long v) {
        return BigInteger.valueOf(v).isProbablePrime(40);
    }

    /** gcd of two unsigned 64-bit numbers. */
    static long gcd(long a, long b) {
        while (b != 0) {
            long t = Long.remainderUnsigned(a, b);
            a = b;
            b = t;
        }
        return a;
    }

    private static long absDiff(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a - b : b - a;
    }

    private static SecurityCheckException fail(String message) {
        return new SecurityCheckException(SecurityCheckException.Check.PQ_FACTORISATION, message);
    }

    /** Montgomery arithmetic modulo an odd unsigned 64-bit n, with R = 2^64; values are below n. */
    static final class Montgomery {
        final long n;
        final long negInv;
        final long one;
        private final long r2;

        Montgomery(long n) {
            if ((n & 1) == 0 || Long.compareUnsigned(n, 3) < 0) {
                throw new IllegalArgumentException("Montgomery modulus must be odd and above 2");
            }
            this.n = n;
            long inv = n; // correct to 3 bits; each Newton step doubles that
            for (int i = 0; i < 5; i++) {
                inv *= 2 - n * inv;
            }
            this.negInv = -inv;
            BigInteger bn = new BigInteger(Long.toUnsignedString(n));
            this.one = BigInteger.ONE.shiftLeft(64).mod(bn).longValue();
            this.r2 = BigInteger.ONE.shiftLeft(128).mod(bn).longValue();
        }

        long toMont(long a) {
            return mul(Long.remainderUnsigned(a, n), r2);
        }

        long fromMont(long a) {
            return reduce(0, a);
        }

        long mul(long a, long b) {
            return reduce(Math.unsignedMultiplyHigh(a, b), a * b);
        }

        long add(long a, long b) {
            long s = a + b;
            // a, b < n: the true sum is below 2n; subtract n when it wrapped past 2^64 or reached n
            boolean wrapped = Long.compareUnsigned(s, a) < 0;
            return wrapped || Long.compareUnsigned(s, n) >= 0 ? s - n : s;
        }

        private long reduce(long hi, long lo) {
            long m = lo * negInv;
            long mh = Math.unsignedMultiplyHigh(m, n);
            long carry = lo != 0 ? 1 : 0; // lo + m*n is 0 mod 2^64; it carries unless lo is 0
            // hi, mh < n, so hi + mh + carry < 2n: it may wrap past 2^64 when n is above 2^63
            long t = hi + mh;
            boolean wrapped = Long.compareUnsigned(t, hi) < 0;
            long t2 = t + carry;
            wrapped |= Long.compareUnsigned(t2, t) < 0;
            return wrapped || Long.compareUnsigned(t2, n) >= 0 ? t2 - n : t2;
        }
    }
}
