package io.mtj.crypto;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * RSA encryption of the key exchange's inner data, both schemes of core.telegram.org/mtproto/auth_key,
 * both directions.
 *
 * <p>RSA_PAD (current, for {@code req_DH_params}): the data (at most 144 bytes) is padded with random
 * bytes to 192, reversed, followed by {@code SHA256(temp_key + data_with_padding)}, AES-256-IGE
 * encrypted under a random {@code temp_key} with a zero IV, prefixed by {@code temp_key XOR
 * SHA256(aes_encrypted)}; the 256-byte result is retried with a new {@code temp_key} while it is not
 * below the modulus, then raised to {@code e}.
 *
 * <p>Legacy: {@code SHA1(data) + data + random padding} to 255 bytes, raised to {@code e}.
 */
public final class RsaPad {
    /** Largest data RSA_PAD accepts. */
    public static final int MAX_DATA = 144;
    /** Length of data_with_padding, which {@link #decrypt} returns. */
    public static final int PADDED_LENGTH = 192;
    /** Largest data the legacy scheme accepts (255 - 20). */
    public static final int MAX_LEGACY_DATA = 235;

    private static final int ENCRYPTED_LENGTH = 256;
    private static final int MAX_ATTEMPTS = 64;
    private static final byte[] ZERO_IV = new byte[32];

    private RsaPad() {}

    /** RSA_PAD encryption of {@code data} with {@code key}; returns 256 bytes. */
    public static byte[] encrypt(RsaPublicKey key, byte[] data, RandomGenerator random) {
        requireKey2048(key);
        if (data.length > MAX_DATA) {
            throw new IllegalArgumentException("RSA_PAD data is " + data.length + " bytes, at most " + MAX_DATA);
        }
        byte[] withPadding = Arrays.copyOf(data, PADDED_LENGTH);
        byte[] pad = new byte[PADDED_LENGTH - data.length];
        random.nextBytes(pad);
        System.arraycopy(pad, 0, withPadding, data.length, pad.length);
        byte[] withHash = new byte[PADDED_LENGTH + 32];
        for (int i = 0; i < PADDED_LENGTH; i++) {
            withHash[i] = withPadding[PADDED_LENGTH - 1 - i];
        }
        AesIge ige = new AesIge();
        byte[] tempKey = new byte[32];
        byte[] keyAesEncrypted = new byte[ENCRYPTED_LENGTH];
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            random.nextBytes(tempKey);
            System.arraycopy(Digests.sha256(tempKey, withPadding), 0, withHash, PADDED_LENGTH, 32);
            ige.init(tempKey);
            ige.encrypt(ZERO_IV, withHash, 0, withHash.length, keyAesEncrypted, 32);
            byte[] h = Digests.sha256(keyAesEncrypted, 32, ENCRYPTED_LENGTH - 32);
            for (int i = 0; i < 32; i++) {
                keyAesEncrypted[i] = (byte) (tempKey[i] ^ h[i]);
            }
            if (new BigInteger(1, keyAesEncrypted).compareTo(key.modulus()) < 0) {
                Arrays.fill(tempKey, (byte) 0);
                return key.encryptRaw(keyAesEncrypted);
            }
        }
        throw new IllegalStateException("RSA_PAD: no temp_key gave a value below the modulus in " + MAX_ATTEMPTS
                + " attempts; is the modulus 2048 bits with its top bit set?");
    }

    /**
     * Server side of RSA_PAD: recovers {@code data_with_padding} (192 bytes: the data followed by its
     * random padding; the caller's TL parser knows where the data ends) and verifies its SHA-256.
     */
    public static byte[] decrypt(RsaKeyPair key, byte[] encrypted) throws SecurityCheckException {
        requireKey2048(key.publicKey());
        if (encrypted.length != ENCRYPTED_LENGTH) {
            throw new SecurityCheckException(
                    SecurityCheckException.Check.RSA_VALUE,
                    "RSA_PAD ciphertext is " + encrypted.length + " bytes, expected " + ENCRYPTED_LENGTH);
        }
        byte[] m = key.decryptRaw(encrypted);
        byte[] h = Digests.sha256(m, 32, ENCRYPTED_LENGTH - 32);
        byte[] tempKey = new byte[32];
        for (int i = 0; i < 32; i++) {
            tempKey[i] = (byte) (m[i] ^ h[i]);
        }
        byte[] withHash = new byte[ENCRYPTED_LENGTH - 32];
        new AesIge(tempKey).decrypt(ZERO_IV, m, 32, withHash.length, withHash, 0);
        byte[] withPadding = new byte[PADDED_LENGTH];
        for (int i = 0; i < PADDED_LENGTH; i++) {
            withPadding[i] = withHash[PADDED_LENGTH - 1 - i];
        }
        byte[] expected = Digests.sha256(tempKey, withPadding);
        Arrays.fill(tempKey, (byte) 0);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(withHash, PADDED_LENGTH, PADDED_LENGTH + 32))) {
            throw new SecurityCheckException(
                    SecurityCheckException.Check.RSA_PAD_HASH,
                    "SHA256(temp_key + data_with_padding) does not match the hash in the RSA_PAD block");
        }
        return withPadding;
    }

    /** Legacy scheme: {@code RSA(SHA1(data) + data + random padding to 255 bytes)}; returns 256 bytes. */
    public static byte[] encryptLegacy(RsaPublicKey key, byte[] data, RandomGenerator random) {
        requireKey2048(key);
        if (data.length > MAX_LEGACY_DATA) {
            throw new IllegalArgumentException(
                    "legacy RSA data is " + data.length + " bytes, at most " + MAX_LEGACY_DATA);
        }
        return key.encryptRaw(HashedData.wrap(data, 255, random));
    }

    /** Server side of the legacy scheme: the data whose SHA-1 prefixes it (its length is found by the hash). */
    public static byte[] decryptLegacy(RsaKeyPair key, byte[] encrypted) throws SecurityCheckException {
        requireKey2048(key.publicKey());
        if (encrypted.length != ENCRYPTED_LENGTH) {
            throw new SecurityCheckException(
                    SecurityCheckException.Check.RSA_VALUE,
                    "legacy RSA ciphertext is " + encrypted.length + " bytes, expected " + ENCRYPTED_LENGTH);
        }
        byte[] m = key.decryptRaw(encrypted);
        if (m[0] != 0) {
            throw new SecurityCheckException(
                    SecurityCheckException.Check.DATA_HASH, "legacy RSA block is longer than 255 bytes");
        }
        return HashedData.unwrap(Arrays.copyOfRange(m, 1, m.length), MAX_LEGACY_DATA);
    }

    private static void requireKey2048(RsaPublicKey key) {
        if (key.modulus().bitLength() != 2048) {
            throw new IllegalArgumentException(
                    "MTProto RSA needs a 2048-bit modulus, got " + key.modulus().bitLength() + " bits");
        }
    }
}
