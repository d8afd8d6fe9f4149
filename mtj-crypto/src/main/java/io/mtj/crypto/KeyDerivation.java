package io.mtj.crypto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The MTProto 2.0 derivations: auth_key_id, msg_key, aes_key/aes_iv from an auth key and a msg_key,
 * and from the key exchange the temporary AES key/iv, new_nonce_hash1/2/3 and the first server salt.
 * 64-bit values are returned as TL reads them (little-endian).
 */
public final class KeyDerivation {
    /** Length of an auth key. */
    public static final int AUTH_KEY_LENGTH = 256;

    private KeyDerivation() {}

    /** An AES-256 key and a 32-byte IGE IV; the accessors return copies. */
    public static final class AesKeyIv {
        private final byte[] key;
        private final byte[] iv;

        AesKeyIv(byte[] key, byte[] iv) {
            this.key = key;
            this.iv = iv;
        }

        /** The 32-byte AES key. */
        public byte[] key() {
            return key.clone();
        }

        /** The 32-byte IGE IV. */
        public byte[] iv() {
            return iv.clone();
        }
    }

    /** auth_key_id: the lower 64 bits of SHA1(auth_key) (its last 8 bytes, little-endian). */
    public static long authKeyId(byte[] authKey) {
        requireAuthKey(authKey);
        return ByteBuffer.wrap(Digests.sha1(authKey), 12, 8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .getLong();
    }

    /** auth_key_aux_hash: the higher 64 bits of SHA1(auth_key) (its first 8 bytes). */
    public static byte[] authKeyAuxHash(byte[] authKey) {
        requireAuthKey(authKey);
        return Arrays.copyOf(Digests.sha1(authKey), 8);
    }

    /**
     * msg_key: the middle 128 bits of {@code SHA256(substr(auth_key, 88+x, 32) + plaintext)}, where the
     * plaintext includes its padding.
     */
    public static byte[] messageKey(byte[] authKey, Direction direction, byte[] plaintext, int off, int len) {
        requireAuthKey(authKey);
        MessageDigest sha256 = Digests.sha256();
        sha256.update(authKey, 88 + direction.x(), 32);
        sha256.update(plaintext, off, len);
        return Arrays.copyOfRange(sha256.digest(), 8, 24);
    }

    /** aes_key and aes_iv from auth_key and msg_key (the MTProto 2.0 KDF). */
    public static AesKeyIv aesKeyIv(byte[] authKey, byte[] msgKey, Direction direction) {
        requireAuthKey(authKey);
        byte[] key = new byte[32];
        byte[] iv = new byte[32];
        deriveAesKeyIv(Digests.sha256(), new byte[64], authKey, msgKey, 0, direction.x(), key, iv);
        return new AesKeyIv(key, iv);
    }

    /**
     * The KDF without allocation: {@code scratch} is 64 bytes, {@code key} and {@code iv} 32 bytes each.
     * {@code sha_a = SHA256(msg_key + substr(auth_key, x, 36))}, {@code sha_b = SHA256(substr(auth_key,
     * 40+x, 36) + msg_key)}, key = a[0,8) b[8,24) a[24,32), iv = b[0,8) a[8,24) b[24,32).
     */
    static void deriveAesKeyIv(
            MessageDigest sha256,
            byte[] scratch,
            byte[] authKey,
            byte[] msgKey,
            int msgKeyOff,
            int x,
            byte[] key,
            byte[] iv) {
        sha256.update(msgKey, msgKeyOff, 16);
        sha256.update(authKey, x, 36);
        Digests.finish(sha256, scratch, 0);
        sha256.update(authKey, 40 + x, 36);
        sha256.update(msgKey, msgKeyOff, 16);
        Digests.finish(sha256, scratch, 32);
        // a = scratch[0, 32), b = scratch[32, 64)
        System.arraycopy(scratch, 0, key, 0, 8);
        System.arraycopy(scratch, 32 + 8, key, 8, 16);
        System.arraycopy(scratch, 24, key, 24, 8);
        System.arraycopy(scratch, 32, iv, 0, 8);
        System.arraycopy(scratch, 8, iv, 8, 16);
        System.arraycopy(scratch, 32 + 24, iv, 24, 8);
    }

    /**
     * tmp_aes_key and tmp_aes_iv of the key exchange: key = {@code SHA1(new_nonce + server_nonce) +
     * substr(SHA1(server_nonce + new_nonce), 0, 12)}, iv = {@code substr(SHA1(server_nonce + new_nonce),
     * 12, 8) + SHA1(new_nonce + new_nonce) + substr(new_nonce, 0, 4)}.
     */
    public static AesKeyIv tmpAesKeyIv(byte[] newNonce, byte[] serverNonce) {
        requireLength("new_nonce", newNonce, 32);
        requireLength("server_nonce", serverNonce, 16);
        byte[] ns = Digests.sha1(newNonce, serverNonce);
        byte[] sn = Digests.sha1(serverNonce, newNonce);
        byte[] nn = Digests.sha1(newNonce, newNonce);
        byte[] key = new byte[32];
        System.arraycopy(ns, 0, key, 0, 20);
        System.arraycopy(sn, 0, key, 20, 12);
        byte[] iv = new byte[32];
        System.arraycopy(sn, 12, iv, 0, 8);
        System.arraycopy(nn, 0, iv, 8, 20);
        System.arraycopy(newNonce, 0, iv, 28, 4);
        return new AesKeyIv(key, iv);
    }

    /**
     * new_nonce_hash1, 2 or 3 (for dh_gen_ok, dh_gen_retry, dh_gen_fail): the lower 128 bits of {@code
     * SHA1(new_nonce + byte(number) + auth_key_aux_hash)}.
     */
    public static byte[] newNonceHash(byte[] newNonce, int number, byte[] authKey) {
        requireLength("new_nonce", newNonce, 32);
        if (number < 1 || number > 3) {
            throw new IllegalArgumentException("new_nonce_hash number must be 1, 2 or 3, got " + number);
        }
        byte[] sha = Digests.sha1(newNonce, new byte[] {(byte) number}, authKeyAuxHash(authKey));
        return Arrays.copyOfRange(sha, 4, 20);
    }

    /** The first server salt: {@code substr(new_nonce, 0, 8) XOR substr(server_nonce, 0, 8)}, as a TL long. */
    public static long initialServerSalt(byte[] newNonce, byte[] serverNonce) {
        requireLength("new_nonce", newNonce, 32);
        requireLength("server_nonce", serverNonce, 16);
        ByteBuffer a = ByteBuffer.wrap(newNonce).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer b = ByteBuffer.wrap(serverNonce).order(ByteOrder.LITTLE_ENDIAN);
        return a.getLong(0) ^ b.getLong(0);
    }

    static void requireAuthKey(byte[] authKey) {
        requireLength("auth_key", authKey, AUTH_KEY_LENGTH);
    }

    private static void requireLength(String name, byte[] value, int length) {
        if (value.length != length) {
            throw new IllegalArgumentException(name + " must be " + length + " bytes, got " + value.length);
        }
    }
}
