package io.mtj.transport.mtproxy;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Small helpers shared by the fake-TLS client and server: HMAC, X25519 keys, big-endian fields. */
final class TlsBytes {
    static final int RECORD_HEADER = 5;
    static final int RANDOM_OFFSET = 11;
    static final int RANDOM_LENGTH = 32;
    static final int HANDSHAKE = 0x16;
    static final int CHANGE_CIPHER_SPEC = 0x14;
    static final int ALERT = 0x15;
    static final int APPLICATION_DATA = 0x17;

    private TlsBytes() {}

    static byte[] hmacSha256(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable in this JDK", e);
        }
    }

    /** A copy of {@code data} with the 32 random bytes at {@link #RANDOM_OFFSET} zeroed. */
    static byte[] withZeroRandom(byte[] data) {
        byte[] copy = data.clone();
        Arrays.fill(copy, RANDOM_OFFSET, RANDOM_OFFSET + RANDOM_LENGTH, (byte) 0);
        return copy;
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    static int u24(byte[] b, int at) {
        return ((b[at] & 0xff) << 16) | ((b[at + 1] & 0xff) << 8) | (b[at + 2] & 0xff);
    }

    static void putU16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    /** A real X25519 public key (32 bytes, little-endian u), its private key drawn from {@code random}. */
    static byte[] x25519PublicKey(RandomGenerator random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("X25519");
            generator.initialize(NamedParameterSpec.X25519, asSecureRandom(random));
            byte[] spki = generator.generateKeyPair().getPublic().getEncoded();
            // SubjectPublicKeyInfo for X25519 ends with the 32 raw key bytes.
            return Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("X25519 unavailable in this JDK", e);
        }
    }

    /**
     * A well-formed ML-KEM-768 encapsulation key: 768 coefficients below q = 3329, two to every
     * three bytes (FIPS 203 ByteEncode_12), then the 32-byte seed rho. Nobody decapsulates against
     * it: the fake-TLS peer never completes the TLS handshake, it only has to look right on the wire.
     */
    static byte[] mlKem768EncapsulationKey(RandomGenerator random) {
        byte[] key = new byte[1184];
        for (int i = 0; i < 384; i++) {
            int a = random.nextInt(3329);
            int b = random.nextInt(3329);
            key[3 * i] = (byte) a;
            key[3 * i + 1] = (byte) ((a >>> 8) | (b & 0x0f) << 4);
            key[3 * i + 2] = (byte) (b >>> 4);
        }
        byte[] rho = new byte[32];
        random.nextBytes(rho);
        System.arraycopy(rho, 0, key, 1152, 32);
        return key;
    }

    static SecureRandom asSecureRandom(RandomGenerator random) {
        return random instanceof SecureRandom secure ? secure : new GeneratorBackedRandom(random);
    }

    /** Lets a deterministic generator drive JDK APIs that insist on a SecureRandom. */
    private static final class GeneratorBackedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;

        GeneratorBackedRandom(RandomGenerator random) {
            super(new Spi(random), null);
        }
    }

    private static final class Spi extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;
        private final transient RandomGenerator random;

        Spi(RandomGenerator random) {
            this.random = random;
        }

        @Override
        protected void engineSetSeed(byte[] seed) {}

        @Override
        protected void engineNextBytes(byte[] bytes) {
            random.nextBytes(bytes);
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            byte[] seed = new byte[numBytes];
            random.nextBytes(seed);
            return seed;
        }
    }
}
