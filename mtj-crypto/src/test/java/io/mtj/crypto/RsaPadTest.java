package io.mtj.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RsaPadTest {
    private static RsaKeyPair keys;

    @BeforeAll
    static void generateKey() {
        keys = RsaKeyPair.generate2048(new SecureRandom());
    }

    @Test
    void rsaPadRoundTripReturnsDataWithPaddingOf192Bytes() throws Exception {
        SplittableRandom random = new SplittableRandom(1);
        for (int len : new int[] {0, 1, 96, RsaPad.MAX_DATA}) {
            byte[] data = new byte[len];
            random.nextBytes(data);
            byte[] encrypted = RsaPad.encrypt(keys.publicKey(), data, random);
            assertThat(encrypted).hasSize(256);
            assertThat(new BigInteger(1, encrypted)).isLessThan(keys.publicKey().modulus());
            byte[] withPadding = RsaPad.decrypt(keys, encrypted);
            assertThat(withPadding).hasSize(RsaPad.PADDED_LENGTH);
            assertThat(Arrays.copyOf(withPadding, len)).isEqualTo(data);
        }
    }

    @Test
    void rsaPadIsDeterministicForTheSameRandomness() {
        byte[] data = Hex.counting(100);
        byte[] a = RsaPad.encrypt(keys.publicKey(), data, new SplittableRandom(42));
        byte[] b = RsaPad.encrypt(keys.publicKey(), data, new SplittableRandom(42));
        byte[] c = RsaPad.encrypt(keys.publicKey(), data, new SplittableRandom(43));
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void rsaPadLengthRules() {
        assertThatThrownBy(() -> RsaPad.encrypt(keys.publicKey(), new byte[145], new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RSA_PAD data is 145 bytes, at most 144");
        assertThatThrownBy(() -> RsaPad.decrypt(keys, new byte[255]))
                .isInstanceOf(SecurityCheckException.class)
                .hasMessage("RSA_VALUE: RSA_PAD ciphertext is 255 bytes, expected 256");
        byte[] aboveModulus = new byte[256];
        Arrays.fill(aboveModulus, (byte) 0xff);
        assertThatThrownBy(() -> RsaPad.decrypt(keys, aboveModulus))
                .isInstanceOf(SecurityCheckException.class)
                .hasMessage("RSA_VALUE: RSA ciphertext is not below the modulus");
        RsaPublicKey small = new RsaPublicKey(BigInteger.ONE.shiftLeft(1023).setBit(0), BigInteger.valueOf(3));
        assertThatThrownBy(() -> RsaPad.encrypt(small, new byte[1], new SplittableRandom(1)))
                .hasMessage("MTProto RSA needs a 2048-bit modulus, got 1024 bits");
    }

    @Test
    void rsaPadRetriesWithANewTempKeyWhileTheBlockIsNotBelowTheModulus() {
        // a modulus just above 2^2047: about half of the candidate blocks are >= it
        RsaPublicKey lowModulus =
                new RsaPublicKey(BigInteger.ONE.shiftLeft(2047).setBit(0), BigInteger.valueOf(3));
        int maxDraws = 0;
        for (int seed = 0; seed < 20; seed++) {
            SplittableRandom delegate = new SplittableRandom(seed);
            int[] draws = {0};
            java.util.random.RandomGenerator counting = new java.util.random.RandomGenerator() {
                @Override
                public long nextLong() {
                    return delegate.nextLong();
                }

                @Override
                public void nextBytes(byte[] bytes) {
                    draws[0]++;
                    delegate.nextBytes(bytes);
                }
            };
            byte[] encrypted = RsaPad.encrypt(lowModulus, Hex.counting(10), counting);
            assertThat(new BigInteger(1, encrypted)).isLessThan(lowModulus.modulus());
            // one draw for the padding, one per temp_key tried
            maxDraws = Math.max(maxDraws, draws[0]);
        }
        assertThat(maxDraws).isGreaterThan(2);
    }

    @Test
    void rsaPadTamperedCiphertextFailsTheHashCheck() {
        byte[] encrypted = RsaPad.encrypt(keys.publicKey(), Hex.counting(50), new SplittableRandom(9));
        encrypted[255] ^= 0x01;
        assertThatThrownBy(() -> RsaPad.decrypt(keys, encrypted))
                .isInstanceOf(SecurityCheckException.class)
                .hasMessage("RSA_PAD_HASH: SHA256(temp_key + data_with_padding) does not match the hash in the"
                        + " RSA_PAD block");
    }

    @Test
    void rsaPadOfTheProductionKeyHasTheExactLength() throws Exception {
        RsaPublicKey production = RsaPublicKey.fromPem(SharedFiles.read("telegram/production-rsa.pem"));
        byte[] encrypted = RsaPad.encrypt(production, Hex.counting(144), new SplittableRandom(2));
        assertThat(encrypted).hasSize(256);
        assertThat(new BigInteger(1, encrypted)).isLessThan(production.modulus());
    }

    @Test
    void legacySchemeRoundTripRecoversTheExactData() throws Exception {
        SplittableRandom random = new SplittableRandom(4);
        for (int len : new int[] {1, 96, RsaPad.MAX_LEGACY_DATA}) {
            byte[] data = new byte[len];
            random.nextBytes(data);
            byte[] encrypted = RsaPad.encryptLegacy(keys.publicKey(), data, random);
            assertThat(encrypted).hasSize(256);
            assertThat(RsaPad.decryptLegacy(keys, encrypted)).isEqualTo(data);
        }
        assertThatThrownBy(() -> RsaPad.encryptLegacy(keys.publicKey(), new byte[236], random))
                .hasMessage("legacy RSA data is 236 bytes, at most 235");
    }

    @Test
    void legacySchemeBlockIsSha1DataPaddingTo255Bytes() throws Exception {
        byte[] data = Hex.counting(40);
        byte[] encrypted = RsaPad.encryptLegacy(keys.publicKey(), data, new SplittableRandom(8));
        byte[] block = keys.decryptRaw(encrypted);
        assertThat(block[0]).isZero();
        assertThat(Arrays.copyOfRange(block, 1, 21)).isEqualTo(Digests.sha1(data));
        assertThat(Arrays.copyOfRange(block, 21, 61)).isEqualTo(data);
    }

    @Test
    void legacySchemeTamperedCiphertextFails() {
        byte[] encrypted = RsaPad.encryptLegacy(keys.publicKey(), Hex.counting(40), new SplittableRandom(8));
        encrypted[255] ^= 0x01;
        assertThatThrownBy(() -> RsaPad.decryptLegacy(keys, encrypted))
                .isInstanceOf(SecurityCheckException.class)
                .extracting(e -> ((SecurityCheckException) e).check())
                .isEqualTo(SecurityCheckException.Check.DATA_HASH);
    }

    @Test
    void privateKeyPemRoundTripsAndStillDecrypts() throws Exception {
        String pem = keys.toPrivatePem();
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        RsaKeyPair back = RsaKeyPair.fromPrivatePem(pem);
        assertThat(back.publicKey()).isEqualTo(keys.publicKey());
        byte[] encrypted = RsaPad.encrypt(keys.publicKey(), Hex.counting(20), new SplittableRandom(6));
        assertThat(Arrays.copyOf(RsaPad.decrypt(back, encrypted), 20)).isEqualTo(Hex.counting(20));
        assertThatThrownBy(() -> RsaKeyPair.fromPrivatePem(keys.publicKey().toPem()))
                .isInstanceOf(KeyFormatException.class)
                .hasMessage("PEM: no '-----BEGIN PRIVATE KEY-----' ... '-----END PRIVATE KEY-----' block found");
    }

    @Test
    void generatedKeyPemRoundTripsAndFingerprintIsStable() {
        String pem = keys.publicKey().toPem();
        assertThat(pem)
                .startsWith("-----BEGIN RSA PUBLIC KEY-----\nMIIBCgKCAQEA")
                .endsWith("-----END RSA PUBLIC KEY-----\n");
        RsaPublicKey back = RsaPublicKey.fromPem(pem);
        assertThat(back).isEqualTo(keys.publicKey());
        assertThat(back.fingerprint()).isEqualTo(keys.publicKey().fingerprint());
        assertThat(keys.publicKey().modulus().bitLength()).isEqualTo(2048);
    }
}
