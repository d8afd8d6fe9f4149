package io.mtj.transport.mtproxy;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Builds the ClientHello an MTProxy fake-TLS client opens with, from a {@link ClientHelloTemplate}
 * ({@link ClientHelloTemplate#TDLIB_2026} unless told otherwise), then signs it.
 *
 * <p>The 32-byte random is {@code HMAC-SHA256(secret key, hello with random zeroed)} with its last
 * four bytes XORed with the little-endian unix time, which is how the proxy recognises the secret
 * and the age of the hello.
 */
public final class FakeTlsClientHello {
    private FakeTlsClientHello() {}

    /**
     * A hello for {@code secret} (which must be a fake-TLS secret) from tdlib's 2026 recipe, with all
     * randomness (choices included) from {@code random} and the time stamp {@code unixSeconds}.
     *
     * @param secret the fake-TLS secret whose key signs the hello and whose domain is the SNI
     * @param random the source of every random field and choice
     * @param unixSeconds the time stamp folded into the random, in seconds since the epoch
     * @return the complete TLS record, ready to send
     * @throws IllegalArgumentException if the secret is not a fake-TLS secret
     */
    public static byte[] create(MtProxySecret secret, RandomGenerator random, long unixSeconds) {
        return create(ClientHelloTemplate.TDLIB_2026, secret, random, unixSeconds);
    }

    /**
     * Builds a signed hello from {@code template}; see {@link #create(MtProxySecret, RandomGenerator, long)}.
     *
     * @param template the recipe; unresolved choices are drawn from {@code random}
     * @param secret the fake-TLS secret whose key signs the hello and whose domain is the SNI
     * @param random the source of every random field and choice
     * @param unixSeconds the time stamp folded into the random, in seconds since the epoch
     * @return the complete TLS record, ready to send
     * @throws IllegalArgumentException if the secret is not a fake-TLS secret
     */
    public static byte[] create(
            ClientHelloTemplate template, MtProxySecret secret, RandomGenerator random, long unixSeconds) {
        if (secret.kind() != MtProxySecret.Kind.FAKE_TLS) {
            throw new IllegalArgumentException("fake-TLS needs an 0xee secret, got kind " + secret.kind());
        }
        byte[] hello = template.write(secret.domain().orElseThrow(), random);
        sign(hello, secret.keyRef(), unixSeconds);
        return hello;
    }

    /** Writes the HMAC random with the time stamp folded into its last four bytes. */
    static void sign(byte[] hello, byte[] key, long unixSeconds) {
        Arrays.fill(hello, TlsBytes.RANDOM_OFFSET, TlsBytes.RANDOM_OFFSET + TlsBytes.RANDOM_LENGTH, (byte) 0);
        byte[] mac = TlsBytes.hmacSha256(key, hello);
        int t = (int) unixSeconds;
        mac[28] ^= (byte) t;
        mac[29] ^= (byte) (t >>> 8);
        mac[30] ^= (byte) (t >>> 16);
        mac[31] ^= (byte) (t >>> 24);
        System.arraycopy(mac, 0, hello, TlsBytes.RANDOM_OFFSET, TlsBytes.RANDOM_LENGTH);
    }

    /** A minimal growable big-endian writer. */
    static final class Out {
        private byte[] buf = new byte[256];
        private int size;

        Out u8(int v) {
            ensure(1);
            buf[size++] = (byte) v;
            return this;
        }

        Out u16(int v) {
            ensure(2);
            buf[size++] = (byte) (v >>> 8);
            buf[size++] = (byte) v;
            return this;
        }

        Out bytes(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
            return this;
        }

        int size() {
            return size;
        }

        /** Overwrites two bytes already written at {@code at}. */
        Out set16(int at, int v) {
            buf[at] = (byte) (v >>> 8);
            buf[at + 1] = (byte) v;
            return this;
        }

        byte[] toArray() {
            return Arrays.copyOf(buf, size);
        }

        private void ensure(int n) {
            if (size + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
            }
        }
    }
}
