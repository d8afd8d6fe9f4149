package io.mtj.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PqFactorizerTest {

    @Test
    void samplesAuthKeyPq17ED48941A08F981() throws Exception {
        PqFactorizer.Factors f = PqFactorizer.factor(SamplesAuthKey.PQ);
        assertThat(f.p()).isEqualTo(SamplesAuthKey.P);
        assertThat(f.q()).isEqualTo(SamplesAuthKey.Q);
    }

    @Test
    void productsOfRandom31And32BitPrimes() throws Exception {
        Random random = new Random(1234);
        for (int i = 0; i < 40; i++) {
            long a = BigInteger.probablePrime(31 + (i & 1), random).longValue();
            long b = BigInteger.probablePrime(31, random).longValue();
            PqFactorizer.Factors f = PqFactorizer.factor(a * b, new SplittableRandom(i));
            assertThat(f.p()).isEqualTo(Math.min(a, b));
            assertThat(f.q()).isEqualTo(Math.max(a, b));
        }
    }

    @Test
    void productsAbove2To63AreReadUnsigned() throws Exception {
        // the two largest primes below 2^32
        long p = 4294967279L;
        long q = 4294967291L;
        long pq = p * q;
        assertThat(pq).isNegative();
        assertThat(PqFactorizer.factor(pq)).isEqualTo(new PqFactorizer.Factors(p, q));
        Random random = new Random(77);
        for (int i = 0; i < 10; i++) {
            long a = BigInteger.probablePrime(32, random).longValue();
            long b = BigInteger.probablePrime(32, random).longValue();
            PqFactorizer.Factors f = PqFactorizer.factor(a * b, new SplittableRandom(i));
            assertThat(f).isEqualTo(new PqFactorizer.Factors(Math.min(a, b), Math.max(a, b)));
        }
    }

    @Test
    void smallAndEvenProducts() throws Exception {
        assertThat(PqFactorizer.factor(4)).isEqualTo(new PqFactorizer.Factors(2, 2));
        assertThat(PqFactorizer.factor(2L * 2147483647L)).isEqualTo(new PqFactorizer.Factors(2, 2147483647L));
        assertThat(PqFactorizer.factor(15)).isEqualTo(new PqFactorizer.Factors(3, 5));
        assertThat(PqFactorizer.factor(49)).isEqualTo(new PqFactorizer.Factors(7, 7));
    }

    @Test
    void rejectsWhatIsNotAProductOfTwoPrimes() {
        assertThatThrownBy(() -> PqFactorizer.factor(3))
                .isInstanceOf(SecurityCheckException.class)
                .hasMessage("PQ_FACTORISATION: pq 0x3 is not a product of two primes");
        assertThatThrownBy(() -> PqFactorizer.factor(2147483647L))
                .hasMessage("PQ_FACTORISATION: pq 0x7fffffff is prime");
        // three prime factors: 3 * 5 * 7
        assertThatThrownBy(() -> PqFactorizer.factor(105))
                .hasMessage("PQ_FACTORISATION: pq 0x69 is not a product of two 32-bit primes");
        // 2^64 - 1 = 3 * 5 * 17 * 257 * 641 * 65537 * 6700417, read unsigned
        assertThatThrownBy(() -> PqFactorizer.factor(-1))
                .hasMessage("PQ_FACTORISATION: pq 0xffffffffffffffff is not a product of two 32-bit primes");
    }

    @Test
    void montgomeryMultiplicationMatchesBigInteger() {
        SplittableRandom random = new SplittableRandom(99);
        for (int i = 0; i < 2000; i++) {
            long n = random.nextLong(3, Long.MAX_VALUE) | 1;
            PqFactorizer.Montgomery m = new PqFactorizer.Montgomery(n);
            long a = random.nextLong(n);
            long b = random.nextLong(n);
            long expected = BigInteger.valueOf(a)
                    .multiply(BigInteger.valueOf(b))
                    .mod(BigInteger.valueOf(n))
                    .longValue();
            assertThat(m.fromMont(m.mul(m.toMont(a), m.toMont(b))))
                    .as("%d * %d mod %d", a, b, n)
                    .isEqualTo(expected);
        }
    }
}
