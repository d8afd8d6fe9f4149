package io.mtj.crypto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The {@code encrypted_message} of {@code auth.bindTempAuthKey} (core.telegram.org/mtproto/pfs): the
 * {@code bind_auth_key_inner} object in a message encrypted with the <em>permanent</em> key by MTProto
 * 1.0, the only place the old scheme survives.
 *
 * <pre>
 * plaintext = random salt (8) | random session_id (8) | msg_id (8) | seq_no = 0 (4) | length (4)
 *             | bind_auth_key_inner | 0..15 random bytes up to a multiple of 16
 * msg_key   = SHA1(plaintext without its padding)[4, 20)
 * encrypted = perm_auth_key_id (8, little-endian) | msg_key (16) | AES-256-IGE(plaintext)
 * sha1_a = SHA1(msg_key | key[x, x+32))        sha1_b = SHA1(key[32+x, 48+x) | msg_key | key[48+x, 64+x))
 * sha1_c = SHA1(key[64+x, 96+x) | msg_key)      sha1_d = SHA1(msg_key | key[96+x, 128+x))
 * aes_key = a[0,8) b[8,20) c[4,16)              aes_iv = a[8,20) b[0,8) c[16,20) d[0,8)
 * </pre>
 *
 * The client encrypts with x = 0; the server opens with the same x. {@code msg_id} must equal the
 * msg_id of the message carrying {@code auth.bindTempAuthKey}, which the server checks.
 */
public final class BindingCipher {
    private static final int HEADER = 32;

    private BindingCipher() {}

    /** What {@link #open} found inside a binding message. */
    public static final class Opened {
        private final long msgId;
        private final int seqNo;
        private final byte[] body;

        Opened(long msgId, int seqNo, byte[] body) {
            this.msgId = msgId;
            this.seqNo = seqNo;
            this.body = body;
        }

        /** The msg_id inside, to compare with the carrying message's. */
        public long msgId() {
            return msgId;
        }

        /** The seq_no inside (0 when well formed). */
        public int seqNo() {
            return seqNo;
        }

        /** The serialized {@code bind_auth_key_inner}. */
        public byte[] body() {
            return body.clone();
        }
    }

    /** Encrypts {@code inner} (a serialized {@code bind_auth_key_inner}) for {@code msgId}. */
    public static byte[] seal(byte[] permAuthKey, long msgId, byte[] inner, RandomGenerator random) {
        KeyDerivation.requireAuthKey(permAuthKey);
        int unpadded = HEADER + inner.length;
        int padded = (unpadded + 15) & ~15;
        byte[] plain = new byte[padded];
        ByteBuffer b = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(random.nextLong())
                .putLong(random.nextLong())
                .putLong(msgId)
                .putInt(0)
                .putInt(inner.length);
        b.put(inner);
        byte[] pad = new byte[padded - unpadded];
        random.nextBytes(pad);
        b.put(pad);
        byte[] msgKey = Arrays.copyOfRange(Digests.sha1(plain, 0, unpadded), 4, 20);
        KeyDerivation.AesKeyIv k = aesKeyIv(permAuthKey, msgKey, Direction.CLIENT_TO_SERVER);
        byte[] out = new byte[24 + padded];
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putLong(KeyDerivation.authKeyId(permAuthKey));
        System.arraycopy(msgKey, 0, out, 8, 16);
        new AesIge(k.key()).encrypt(k.iv(), plain, 0, padded, out, 24);
        return out;
    }

    /**
     * Decrypts and checks a binding message: the key id is the permanent key's, the length is a
     * multiple of 16 holding the declared body with at most 15 bytes of padding, and msg_key matches.
     *
     * @throws SecurityCheckException naming the check that failed
     */
    public static Opened open(byte[] permAuthKey, byte[] encrypted) throws SecurityCheckException {
        KeyDerivation.requireAuthKey(permAuthKey);
        int len = encrypted.length - 24;
        if (len < HEADER || len % 16 != 0) {
            throw new SecurityCheckException(
                    SecurityCheckException.Check.MESSAGE_LENGTH,
                    "binding message of " + encrypted.length + " bytes, expected 24 + a multiple of 16 of at least 32");
        }
        long keyId =
                ByteBuffer.wrap(encrypted, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (keyId != KeyDerivation.authKeyId(permAuthKey)) {
            throw new SecurityCheckException(
                    SecurityCheckException.Check.AUTH_KEY_ID, "binding message is not encrypted with perm_auth_key_id");
        }
        byte[] msgKey = Arrays.copyOfRange(encrypted, 8, 24);
        KeyDerivation.AesKeyIv k = aesKeyIv(permAuthKey, msgKey, Direction.CLIENT_TO_SERVER);
        byte[] plain = new byte[len];
        new AesIge(k.key()).decrypt(k.iv(), encrypted, 24, len, plain, 0);
        ByteBuffer b = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
        long msgId = b.getLong(16);
        int seqNo = b.getInt(24);
        int bodyLen = b.getInt(28);
        if (bodyLen < 0 || bodyLen > len - HEADER || len - HEADER - bodyLen > 15) {
            throw new SecurityCheckException(
                    SecurityCheckException.Check.MESSAGE_LENGTH,
                    "binding message declares a body of " + bodyLen + " bytes in " + (len - HEADER));
        }
        byte[] expected = Arrays.copyOfRange(Digests.sha1(plain, 0, HEADER + bodyLen), 4, 20);
        if (!MessageDigest.isEqual(expected, msgKey)) {
            throw new SecurityCheckException(
                    SecurityCheckException.Check.MSG_KEY, "binding message's msg_key does not match its contents");
        }
        return new Opened(msgId, seqNo, Arrays.copyOfRange(plain, HEADER, HEADER + bodyLen));
    }

    /** The MTProto 1.0 KDF (SHA-1 based) from auth_key and msg_key. */
    static KeyDerivation.AesKeyIv aesKeyIv(byte[] authKey, byte[] msgKey, Direction direction) {
        int x = direction.x();
        MessageDigest md = Digests.sha1();
        md.update(msgKey);
        md.update(authKey, x, 32);
        byte[] a = md.digest();
        md.update(authKey, 32 + x, 16);
        md.update(msgKey);
        md.update(authKey, 48 + x, 16);
        byte[] b = md.digest();
        md.update(authKey, 64 + x, 32);
        md.update(msgKey);
        byte[] c = md.digest();
        md.update(msgKey);
        md.update(authKey, 96 + x, 32);
        byte[] d = md.digest();
        byte[] key = new byte[32];
        System.arraycopy(a, 0, key, 0, 8);
        System.arraycopy(b, 8, key, 8, 12);
        System.arraycopy(c, 4, key, 20, 12);
        byte[] iv = new byte[32];
        System.arraycopy(a, 8, iv, 0, 12);
        System.arraycopy(b, 0, iv, 12, 8);
        System.arraycopy(c, 16, iv, 20, 4);
        System.arraycopy(d, 0, iv, 24, 8);
        return new KeyDerivation.AesKeyIv(key, iv);
    }
}
