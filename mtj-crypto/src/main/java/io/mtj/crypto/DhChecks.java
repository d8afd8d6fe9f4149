package io.mtj.crypto;

import java.math.BigInteger;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The checks core.telegram.org/mtproto/auth_key asks of the Diffie-Hellman parameters a client
 * receives (and a server should apply to what it is sent): {@code dh_prime} is a 2048-bit safe prime,
 * {@code g} is 2..7 and generates the subgroup of order {@code (p-1)/2}, and {@code g_a}, {@code g_b}
 * lie strictly between {@code 2^(2048-64)} and {@code dh_prime - 2^(2048-64)}.
 *
 * <p>Proving that a 2048-bit number is a safe prime takes two {@code isProbablePrime(64)} calls: about
 * 0.5 s in a fresh JVM, 0.2 s warm. Telegram's servers all send one well-known prime ({@link
 * #TELEGRAM_PRIME}), which is accepted without the proof, as other clients do; any other prime is
 * proven once and then remembered in a small thread-safe set keyed by the prime's whole value (at most
 * {@value #CACHE_LIMIT} entries; it is emptied when full). A prime that differs from a known one in any
 * bit is not known and is proven in full. Only primality is skipped: the cheap checks (length, parity,
 * generator residue) run every time. Failures are {@link SecurityCheckException}s naming the check,
 * never the values.
 */
public final class DhChecks {
    static final int PRIME_BITS = 2048;
    static final int CACHE_LIMIT = 16;
    static final int CERTAINTY = 64;
    private static final BigInteger BOUND = BigInteger.ONE.shiftLeft(PRIME_BITS - 64);
    private static final Set<BigInteger> PROVEN_SAFE = ConcurrentHashMap.newKeySet();
    private static final AtomicLong PROOFS = new AtomicLong();
    private static volatile @Nullable ProvenPrimeFile provenFile;

    /**
     * The 2048-bit safe prime Telegram's servers send in {@code server_DH_inner_data} (with g = 3), as
     * given in core.telegram.org/mtproto/samples-auth_key; it is known to be a safe prime, so it is
     * accepted without a primality proof.
     */
    public static final BigInteger TELEGRAM_PRIME = new BigInteger(
            "C71CAEB9C6B1C9048E6C522F70F13F73980D40238E3E21C14934D037563D930F"
                    + "48198A0AA7C14058229493D22530F4DBFA336F6E0AC925139543AED44CCE7C37"
                    + "20FD51F69458705AC68CD4FE6B6B13ABDC9746512969328454F18FAF8C595F64"
                    + "2477FE96BB2A941D5BCD1D4AC8CC49880708FA9B378E3C4F3A9060BEE67CF9A4"
                    + "A4A695811051907E162753B56B0F6B410DBA74D8A84B2A14B3144E0EF1284754"
                    + "FD17ED950D5965B4B9DD46582DB1178D169C6BC465B0D6FF9CA3928FEF5B9AE4"
                    + "E418FC15E83EBEA0F87FA9FF5EED70050DED2849F47BF959D956850CE929851F"
                    + "0D8115F635B105EE2E4E15D04B2454BF6F4FADF034B10403119CD8E3B92FCC5B",
            16);

    private DhChecks() {}

    /**
     * Checks {@code dhPrime} (big-endian unsigned bytes, as in {@code server_DH_inner_data}) and {@code
     * g}.
     */
    public static void checkPrimeAndGenerator(byte[] dhPrime, int g) throws SecurityCheckException {
        checkPrimeAndGenerator(new BigInteger(1, dhPrime), g);
    }

    /** Checks {@code p} and {@code g}: generator range, bit length, residue condition, safe primality. */
    public static void checkPrimeAndGenerator(BigInteger p, int g) throws SecurityCheckException {
        if (g < 2 || g > 7) {
            throw new SecurityCheckException(
                    SecurityCheckException.Check.DH_GENERATOR_RANGE, "g is " + g + ", expected 2..7");
        }
        if (p.signum() <= 0 || p.bitLength() != PRIME_BITS) {
            throw new SecurityCheckException(
                    SecurityCheckException.Check.DH_PRIME_LENGTH,
                    "dh_prime is " + p.bitLength() + " bits, expected " + PRIME_BITS);
        }
        if (!p.testBit(0)) {
            throw new SecurityCheckException(SecurityCheckException.Check.DH_PRIME_NOT_PRIME, "dh_prime is even");
        }
        checkResidue(p, g);
        if (isKnownSafe(p)) {
            return;
        }
        PROOFS.incrementAndGet();
        if (!p.isProbablePrime(CERTAINTY)) {
            throw new SecurityCheckException(SecurityCheckException.Check.DH_PRIME_NOT_PRIME, "dh_prime is not prime");
        }
        if (!p.shiftRight(1).isProbablePrime(CERTAINTY)) {
            throw new SecurityCheckException(
                    SecurityCheckException.Check.DH_PRIME_NOT_SAFE, "(dh_prime - 1) / 2 is not prime");
        }
        if (PROVEN_SAFE.size() >= CACHE_LIMIT) {
            PROVEN_SAFE.clear();
        }
        PROVEN_SAFE.add(p);
        ProvenPrimeFile file = provenFile;
        if (file != null) {
            file.add(p);
        }
    }

    /** Checks {@code g_a} (sent by the server) against {@code p}. */
    public static void checkGa(BigInteger ga, BigInteger p) throws SecurityCheckException {
        checkPublicValue("g_a", ga, p);
    }

    /** Checks {@code g_b} (sent by the client) against {@code p}. */
    public static void checkGb(BigInteger gb, BigInteger p) throws SecurityCheckException {
        checkPublicValue("g_b", gb, p);
    }

    private static void checkPublicValue(String name, BigInteger value, BigInteger p) throws SecurityCheckException {
        // BOUND > 1 and p - BOUND < p - 1, so this also covers 1 < value < p - 1
        if (value.compareTo(BOUND) <= 0 || value.compareTo(p.subtract(BOUND)) >= 0) {
            throw new SecurityCheckException(
                    SecurityCheckException.Check.DH_PUBLIC_VALUE_RANGE,
                    name + " is not strictly between 2^" + (PRIME_BITS - 64) + " and dh_prime - 2^"
                            + (PRIME_BITS - 64));
        }
    }

    private static void checkResidue(BigInteger p, int g) throws SecurityCheckException {
        String rule;
        boolean ok;
        switch (g) {
            case 2 -> {
                int r = p.mod(BigInteger.valueOf(8)).intValue();
                ok = r == 7;
                rule = "g=2 needs dh_prime mod 8 = 7, got " + r;
            }
            case 3 -> {
                int r = p.mod(BigInteger.valueOf(3)).intValue();
                ok = r == 2;
                rule = "g=3 needs dh_prime mod 3 = 2, got " + r;
            }
            case 4 -> {
                ok = true;
                rule = "";
            }
            case 5 -> {
                int r = p.mod(BigInteger.valueOf(5)).intValue();
                ok = r == 1 || r == 4;
                rule = "g=5 needs dh_prime mod 5 in {1, 4}, got " + r;
            }
            case 6 -> {
                int r = p.mod(BigInteger.valueOf(24)).intValue();
                ok = r == 19 || r == 23;
                rule = "g=6 needs dh_prime mod 24 in {19, 23}, got " + r;
            }
            case 7 -> {
                int r = p.mod(BigInteger.valueOf(7)).intValue();
                ok = r == 3 || r == 5 || r == 6;
                rule = "g=7 needs dh_prime mod 7 in {3, 5, 6}, got " + r;
            }
            default -> throw new IllegalStateException("g checked above");
        }
        if (!ok) {
            throw new SecurityCheckException(SecurityCheckException.Check.DH_GENERATOR_RESIDUE, rule);
        }
    }

    /**
     * Also trusts the primes in {@code file} and records there every prime proven from now on, so later runs skip
     * their proof (opt-in, for servers with primes other than Telegram's; see {@link ProvenPrimeFile} for who may
     * write it). {@code null} stops using a file.
     */
    public static void rememberProvenPrimesIn(@Nullable ProvenPrimeFile file) {
        provenFile = file;
    }

    /** Whether {@code p} is Telegram's prime or one already proven safe (in this JVM or the file; compared in full). */
    static boolean isKnownSafe(BigInteger p) {
        if (p.equals(TELEGRAM_PRIME) || PROVEN_SAFE.contains(p)) {
            return true;
        }
        ProvenPrimeFile file = provenFile;
        return file != null && file.contains(p);
    }

    /** {@code p} (at most 2048 bits) as exactly 256 big-endian bytes. */
    static byte[] fixed256(BigInteger p) {
        byte[] raw = p.toByteArray();
        byte[] out = new byte[PRIME_BITS / 8];
        int copy = Math.min(raw.length, out.length);
        System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
        return out;
    }

    /** Test hook: how many primality proofs have run in this JVM. */
    static long proofs() {
        return PROOFS.get();
    }

    /** Test hook: whether {@code p} is in the proven-safe cache. */
    static boolean isCached(BigInteger p) {
        return PROVEN_SAFE.contains(p);
    }

    /** Test hook: empties the cache. */
    static void clearCache() {
        PROVEN_SAFE.clear();
    }
}
