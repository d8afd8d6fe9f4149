package io.mtj.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The {@code SHA1(data) + data + random padding} framing of the key exchange: {@code
 * answer_with_hash} and {@code data_with_hash} (padded to a multiple of 16 before AES-IGE), and the
 * legacy RSA block (padded to 255 bytes).
 */
public final class HashedData {
    static final int SHA1_LENGTH = 20;

    private HashedData() {}

    /** {@code SHA1(data) + data + random bytes} of exactly {@code totalLength} bytes. */
    public static byte[] wrap(byte[] data, int totalLength, RandomGenerator random) {
        if (SHA1_LENGTH + data.length > totalLength) {
            throw new IllegalArgumentException(
                    "data of " + data.length + " bytes does not fit in " + totalLength + " bytes with its SHA-1");
        }
        byte[] out = new byte[totalLength];
        System.arraycopy(Digests.sha1(data), 0, out, 0, SHA1_LENGTH);
        System.arraycopy(data, 0, out, SHA1_LENGTH, data.length);
        int used = SHA1_LENGTH + data.length;
        byte[] pad = new byte[totalLength - used];
        random.nextBytes(pad);
        System.arraycopy(pad, 0, out, used, pad.length);
        return out;
    }

    /** {@code SHA1(data) + data + 0..15 random bytes} so that the length is a multiple of 16. */
    public static byte[] wrapToBlock(byte[] data, RandomGenerator random) {
        int used = SHA1_LENGTH + data.length;
        return wrap(data, (used + 15) & ~15, random);
    }

    /**
     * Recovers {@code data} from {@code buf = SHA1(data) + data + padding} where the padding is
     * between 0 and {@code maxPadding} bytes: the data length is the one whose SHA-1 matches, tried
     * from the longest candidate down.
     *
     * @throws SecurityCheckException if no length verifies
     */
    public static byte[] unwrap(byte[] buf, int maxPadding) throws SecurityCheckException {
        int room = buf.length - SHA1_LENGTH;
        if (room < 0) {
            throw new SecurityCheckException(
                    SecurityCheckException.Check.DATA_HASH,
                    "block of " + buf.length + " bytes is shorter than a SHA-1");
        }
        byte[] expected = Arrays.copyOf(buf, SHA1_LENGTH);
        MessageDigest sha1 = Digests.sha1();
        byte[] actual = new byte[SHA1_LENGTH];
        for (int len = room; len >= Math.max(0, room - maxPadding); len--) {
            sha1.update(buf, SHA1_LENGTH, len);
            Digests.finish(sha1, actual, 0);
            if (MessageDigest.isEqual(expected, actual)) {
                return Arrays.copyOfRange(buf, SHA1_LENGTH, SHA1_LENGTH + len);
            }
        }
        throw new SecurityCheckException(
                SecurityCheckException.Check.DATA_HASH,
                "no data length within " + buf.length + " bytes (padding 0.." + maxPadding
                        + ") matches the SHA-1 prefix");
    }
}
