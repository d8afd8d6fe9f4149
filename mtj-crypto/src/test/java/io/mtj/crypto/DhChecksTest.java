package io.mtj.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DhChecksTest {
    // the dh_prime of core.telegram.org/mtproto/samples-auth_key, the one Telegram's servers send
    private static final BigInteger P = new BigInteger(1, Hex.bytes(SamplesAuthKey.DH_PRIME));
    private static final BigInteger BOUND = BigInteger.ONE.shiftLeft(2048 - 64);
    // another 2048-bit safe prime: RFC 3526's group 14 (MODP 2048)
    private static final BigInteger RFC_3526_PRIME = new BigInteger(
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
                    + "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
                    + "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
                    + "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05"
                    + "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB"
                    + "9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
                    + "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718"
                    + "3995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFFFFFFFFFF",
            16);

    @Test
    void samplesAuthKeyPrimeIsAcceptedWithGenerators3And4And7() throws Exception {
        DhChecks.checkPrimeAndGenerator(Hex.bytes(SamplesAuthKey.DH_PRIME), 3);
        DhChecks.checkPrimeAndGenerator(P, 4);
        DhChecks.checkPrimeAndGenerator(P, 7);
    }

    @Test
    void telegramsPrimeIsKnownAndSkipsTheProof() throws Exception {
        assertThat(DhChecks.TELEGRAM_PRIME).isEqualTo(P);
        DhChecks.clearCache();
        long before = DhChecks.proofs();
        DhChecks.checkPrimeAndGenerator(Hex.bytes(SamplesAuthKey.DH_PRIME), 3);
        DhChecks.checkPrimeAndGenerator(P, 3);
        assertThat(DhChecks.proofs()).isEqualTo(before);
        assertThat(DhChecks.isCached(P)).isFalse();
        // the cheap checks still run for the known prime
        assertFails(P, 2, "DH_GENERATOR_RESIDUE: g=2 needs dh_prime mod 8 = 7, got 3");
    }

    @Test
    void anUnknownSafePrimeIsProvenOnceThenRemembered() throws Exception {
        BigInteger q = RFC_3526_PRIME;
        assertThat(q).isNotEqualTo(P);
        DhChecks.clearCache();
        long before = DhChecks.proofs();
        DhChecks.checkPrimeAndGenerator(q, 4);
        assertThat(DhChecks.proofs()).isEqualTo(before + 1);
        assertThat(DhChecks.isCached(q)).isTrue();
        DhChecks.checkPrimeAndGenerator(q, 4);
        assertThat(DhChecks.proofs()).isEqualTo(before + 1);
        DhChecks.clearCache();
        DhChecks.checkPrimeAndGenerator(q, 4);
        assertThat(DhChecks.proofs()).isEqualTo(before + 2);
    }

    @Test
    void telegramsPrimeWithOneBitChangedIsNotKnownAndFailsTheProof() {
        // flip bits that keep the candidate odd and 2048 bits long, so only the proof can refuse it
        for (int bit : new int[] {1, 2, 100, 1000, 2046}) {
            BigInteger tampered = P.flipBit(bit);
            assertThat(tampered.bitLength()).isEqualTo(2048);
            long before = DhChecks.proofs();
            assertThatThrownBy(() -> DhChecks.checkPrimeAndGenerator(tampered, 4))
                    .as("bit %d", bit)
                    .isInstanceOf(SecurityCheckException.class)
                    .hasMessageStartingWith("DH_PRIME_NOT_");
            assertThat(DhChecks.proofs()).as("bit %d", bit).isEqualTo(before + 1);
        }
    }

    @Test
    void samplesAuthKeyPrimeFailsTheResidueConditionsOf2And5And6() {
        // this prime is 3 mod 8, so 2 generates the whole group, not the subgroup of order (p-1)/2
        assertFails(P, 2, "DH_GENERATOR_RESIDUE: g=2 needs dh_prime mod 8 = 7, got 3");
        assertFails(P, 5, "DH_GENERATOR_RESIDUE: g=5 needs dh_prime mod 5 in {1, 4}, got 3");
        assertFails(P, 6, "DH_GENERATOR_RESIDUE: g=6 needs dh_prime mod 24 in {19, 23}, got 11");
    }

    @Test
    void generatorOutsideTwoToSeven() {
        assertFails(P, 1, "DH_GENERATOR_RANGE: g is 1, expected 2..7");
        assertFails(P, 8, "DH_GENERATOR_RANGE: g is 8, expected 2..7");
    }

    @Test
    void wrongBitLength() {
        assertFails(P.shiftRight(1), 4, "DH_PRIME_LENGTH: dh_prime is 2047 bits, expected 2048");
        assertFails(P.shiftLeft(1).add(BigInteger.ONE), 4, "DH_PRIME_LENGTH: dh_prime is 2049 bits, expected 2048");
        assertFails(BigInteger.ZERO, 4, "DH_PRIME_LENGTH: dh_prime is 0 bits, expected 2048");
    }

    @Test
    void evenPrimeCandidate() {
        assertFails(P.add(BigInteger.ONE), 4, "DH_PRIME_NOT_PRIME: dh_prime is even");
    }

    @Test
    void compositeOddNumber() {
        BigInteger composite = P.add(BigInteger.TWO);
        while (composite.isProbablePrime(64)) {
            composite = composite.add(BigInteger.TWO);
        }
        assertFails(composite, 4, "DH_PRIME_NOT_PRIME: dh_prime is not prime");
    }

    @Test
    void primeThatIsNotSafe() {
        Random random = new Random(2048);
        BigInteger prime;
        do {
            prime = BigInteger.probablePrime(2048, random);
        } while (prime.shiftRight(1).isProbablePrime(64));
        assertFails(prime, 4, "DH_PRIME_NOT_SAFE: (dh_prime - 1) / 2 is not prime");
        assertThat(DhChecks.isCached(prime)).isFalse();
    }

    @Test
    void samplesAuthKeyGaAndGbAreInRange() {
        assertThatCode(() -> DhChecks.checkGa(new BigInteger(1, Hex.bytes(SamplesAuthKey.G_A)), P))
                .doesNotThrowAnyException();
        assertThatCode(() -> DhChecks.checkGb(new BigInteger(1, Hex.bytes(SamplesAuthKey.G_B)), P))
                .doesNotThrowAnyException();
    }

    @Test
    void publicValueBoundariesAreExclusive() throws Exception {
        String msg = "DH_PUBLIC_VALUE_RANGE: g_a is not strictly between 2^1984 and dh_prime - 2^1984";
        assertGaFails(BOUND, msg);
        DhChecks.checkGa(BOUND.add(BigInteger.ONE), P);
        assertGaFails(P.subtract(BOUND), msg);
        DhChecks.checkGa(P.subtract(BOUND).subtract(BigInteger.ONE), P);
        assertGaFails(BigInteger.ONE, msg);
        assertGaFails(P.subtract(BigInteger.ONE), msg);
        assertGaFails(P, msg);
        assertThatThrownBy(() -> DhChecks.checkGb(BOUND, P))
                .hasMessage("DH_PUBLIC_VALUE_RANGE: g_b is not strictly between 2^1984 and dh_prime - 2^1984");
    }

    private static void assertGaFails(BigInteger ga, String message) {
        assertThatThrownBy(() -> DhChecks.checkGa(ga, P))
                .isInstanceOf(SecurityCheckException.class)
                .hasMessage(message);
    }

    private static void assertFails(BigInteger p, int g, String message) {
        assertThatThrownBy(() -> DhChecks.checkPrimeAndGenerator(p, g))
                .isInstanceOf(SecurityCheckException.class)
                .hasMessage(message);
    }
}
