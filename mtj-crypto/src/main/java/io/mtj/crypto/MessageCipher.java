package io.mtj.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * MTProto 2.0 encryption of whole messages under one auth key, for the client and the server side:
 * {@code auth_key_id (8) || msg_key (16) || AES-256-IGE(plaintext)}, with msg_key the middle 128 bits
 * of {@code SHA256(substr(auth_key, 88+x, 32) + plaintext)} and the AES key and IV derived from both.
 *
 * <p>The plaintext handed to {@link #encrypt} already carries its padding (a multiple of 16 bytes;
 * {@link #paddingLength} picks a valid length); {@link #decrypt} returns it with the padding, and
 * checks, in this order, the length, the auth_key_id and the msg_key (compared in constant time).
 * What it cannot know is left to the session: that message_data_length fits the plaintext, that the
 * padding it implies is 12..1024 bytes, and the session_id, salt and msg_id.
 *
 * <p>Not thread-safe: the digest, the AES state and the scratch buffers are reused by every call, so
 * nothing is allocated per message except what the JDK's {@code Cipher.init} does for the new key.
 * Give each thread its own instance (typically one for the reader and one for the writer of a
 * connection).
 */
public final class MessageCipher {
    /** auth_key_id plus msg_key. */
    public static final int HEADER_LENGTH = 24;
    /** Smallest padding MTProto 2.0 allows. */
    public static final int MIN_PADDING = 12;
    /** Largest padding MTProto 2.0 allows. */
    public static final int MAX_PADDING = 1024;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] authKey;
    private final long authKeyId;
    private final MessageDigest sha256 = Digests.sha256();
    private final AesIge ige = new AesIge();
    private final byte[] scratch = new byte[64];
    private final byte[] msgKey = new byte[16];
    private final byte[] receivedMsgKey = new byte[16];
    private final byte[] aesKey = new byte[32];
    private final byte[] aesIv = new byte[32];

    /** A cipher for {@code authKey} (256 bytes, copied). */
    public MessageCipher(byte[] authKey) {
        KeyDerivation.requireAuthKey(authKey);
        this.authKey = authKey.clone();
        this.authKeyId = KeyDerivation.authKeyId(authKey);
    }

    /** The auth_key_id of the key, as TL reads it. */
    public long authKeyId() {
        return authKeyId;
    }

    /** The encrypted length of a plaintext of {@code plaintextLength} bytes. */
    public static int encryptedLength(int plaintextLength) {
        return HEADER_LENGTH + plaintextLength;
    }

    /**
     * Encrypts {@code plaintext[off, off+len)} ({@code len} a positive multiple of 16, padding included)
     * into {@code out[outOff, outOff+24+len)}; returns the number of bytes written. {@code out} must not
     * overlap the plaintext.
     */
    public int encrypt(Direction direction, byte[] plaintext, int off, int len, byte[] out, int outOff) {
        Objects.checkFromIndexSize(off, len, plaintext.length);
        Objects.checkFromIndexSize(outOff, HEADER_LENGTH + len, out.length);
        if (len <= 0 || len % 16 != 0) {
            throw new IllegalArgumentException(
                    "MTProto plaintext (with padding) must be a positive multiple of 16 bytes, got " + len);
        }
        computeMsgKey(direction, plaintext, off, len);
        KeyDerivation.deriveAesKeyIv(sha256, scratch, authKey, msgKey, 0, direction.x(), aesKey, aesIv);
        LONG.set(out, outOff, authKeyId);
        System.arraycopy(msgKey, 0, out, outOff + 8, 16);
        ige.init(aesKey);
        ige.encrypt(aesIv, plaintext, off, len, out, outOff + HEADER_LENGTH);
        return HEADER_LENGTH + len;
    }

    /** Encrypts a whole padded plaintext into a new array. */
    public byte[] encrypt(Direction direction, byte[] plaintext) {
        byte[] out = new byte[HEADER_LENGTH + plaintext.length];
        encrypt(direction, plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    /**
     * Decrypts {@code message[off, off+len)} into {@code out[outOff, outOff+len-24)} and verifies it;
     * returns the plaintext length (padding included). {@code out} may be {@code message} at {@code
     * off+24} (in place) or must not overlap it. On failure the output range is zeroed.
     *
     * @throws SecurityCheckException MESSAGE_LENGTH, AUTH_KEY_ID or MSG_KEY
     */
    public int decrypt(Direction direction, byte[] message, int off, int len, byte[] out, int outOff)
            throws SecurityCheckException {
        Objects.checkFromIndexSize(off, len, message.length);
        int plainLen = len - HEADER_LENGTH;
        if (plainLen < 16 || plainLen % 16 != 0) {
            throw new SecurityCheckException(
                    SecurityCheckException.Check.MESSAGE_LENGTH,
                    "encrypted message is 0x" + Integer.toHexString(len)
                            + " bytes, expected 24 + a positive multiple of 16");
        }
        Objects.checkFromIndexSize(outOff, plainLen, out.length);
        long id = (long) LONG.get(message, off);
        if (id != authKeyId) {
            throw new SecurityCheckException(
                    SecurityCheckException.Check.AUTH_KEY_ID,
                    String.format("auth_key_id is 0x%016x, expected 0x%016x", id, authKeyId));
        }
        // copied first: with in-place output the message bytes may be overwritten
        byte[] received = receivedMsgKey;
        System.arraycopy(message, off + 8, received, 0, 16);
        KeyDerivation.deriveAesKeyIv(sha256, scratch, authKey, received, 0, direction.x(), aesKey, aesIv);
        ige.init(aesKey);
        ige.decrypt(aesIv, message, off + HEADER_LENGTH, plainLen, out, outOff);
        computeMsgKey(direction, out, outOff, plainLen);
        if (!MessageDigest.isEqual(received, msgKey)) {
            Arrays.fill(out, outOff, outOff + plainLen, (byte) 0);
            throw new SecurityCheckException(
                    SecurityCheckException.Check.MSG_KEY,
                    "msg_key recomputed over the decrypted 0x" + Integer.toHexString(plainLen)
                            + " bytes does not match the received one");
        }
        return plainLen;
    }

    /** Decrypts a whole message into a new array (the plaintext with its padding). */
    public byte[] decrypt(Direction direction, byte[] message) throws SecurityCheckException {
        byte[] out = new byte[Math.max(0, message.length - HEADER_LENGTH)];
        decrypt(direction, message, 0, message.length, out, 0);
        return out;
    }

    /**
     * A random valid padding length for {@code dataLength} bytes of message (salt, session, header and
     * body): at least 12, the total a multiple of 16, plus 0 to {@code maxExtraBlocks} extra 16-byte
     * blocks, never above 1024.
     */
    public static int paddingLength(int dataLength, int maxExtraBlocks, RandomGenerator random) {
        if (dataLength < 0 || maxExtraBlocks < 0) {
            throw new IllegalArgumentException("negative length or block count");
        }
        int min = MIN_PADDING + (-(dataLength + MIN_PADDING) & 15);
        int extra = Math.min(maxExtraBlocks, (MAX_PADDING - min) / 16);
        return min + 16 * random.nextInt(extra + 1);
    }

    /** As {@link #paddingLength(int, int, RandomGenerator)} with up to 3 extra blocks (12..75 bytes). */
    public static int paddingLength(int dataLength, RandomGenerator random) {
        return paddingLength(dataLength, 3, random);
    }

    private void computeMsgKey(Direction direction, byte[] plaintext, int off, int len) {
        sha256.update(authKey, 88 + direction.x(), 32);
        sha256.update(plaintext, off, len);
        Digests.finish(sha256, scratch, 0);
        System.arraycopy(scratch, 8, msgKey, 0, 16);
    }
}
