package io.mtj.transport.mtproxy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Builds the ClientHello an MTProxy fake-TLS client opens with. Its shape follows a current Chrome:
 * TLS 1.3 offered through {@code supported_versions}, GREASE in cipher suites, extensions, groups,
 * key shares and versions, the extension order shuffled, a real X25519 key share, ALPN {@code h2}
 * and {@code http/1.1}, and a padding extension that makes the record exactly {@value #LENGTH}
 * bytes.
 *
 * <p>The 32-byte random is {@code HMAC-SHA256(secret key, hello with random zeroed)} with its last
 * four bytes XORed with the little-endian unix time, which is how the proxy recognises the secret
 * and the age of the hello.
 */
public final class FakeTlsClientHello {
    /** Record length (header included) of a hello whose domain fits, which is the usual case. */
    public static final int LENGTH = 517;

    private static final int GREASE_COUNT = 7;

    private static final byte[] CIPHER_SUITES = hex("130113021303c02bc02fc02cc030cca9cca8c013c014009c009d002f0035");
    private static final byte[] SIGNATURE_ALGORITHMS = hex("04030804040105030805050108060601");

    private FakeTlsClientHello() {}

    /**
     * A hello for {@code secret} (which must be a fake-TLS secret), with all randomness from {@code
     * random} and the time stamp {@code unixSeconds}.
     */
    public static byte[] create(MtProxySecret secret, RandomGenerator random, long unixSeconds) {
        if (secret.kind() != MtProxySecret.Kind.FAKE_TLS) {
            throw new IllegalArgumentException("fake-TLS needs an 0xee secret, got kind " + secret.kind());
        }
        byte[] sessionId = new byte[32];
        random.nextBytes(sessionId);
        int[] grease = grease(random);
        byte[] keyShare = TlsBytes.x25519PublicKey(random);
        List<byte[]> extensions = middleExtensions(secret.domainBytes(), grease, keyShare);
        for (int i = extensions.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            byte[] t = extensions.get(i);
            extensions.set(i, extensions.get(j));
            extensions.set(j, t);
        }
        byte[] hello = layout(sessionId, grease, extensions);
        sign(hello, secret.keyRef(), unixSeconds);
        return hello;
    }

    /** Seven GREASE values {@code 0x?a?a}; the first and last extension values differ, as in Chrome. */
    private static int[] grease(RandomGenerator random) {
        int[] out = new int[GREASE_COUNT];
        for (int i = 0; i < GREASE_COUNT; i++) {
            int nibble = random.nextInt(16);
            out[i] = (nibble << 12) | 0x0a00 | (nibble << 4) | 0x0a;
        }
        if (out[2] == out[3]) {
            out[3] ^= 0x1010;
        }
        return out;
    }

    private static List<byte[]> middleExtensions(byte[] domain, int[] grease, byte[] keyShare) {
        List<byte[]> list = new ArrayList<>();
        // server_name: list length, type host_name, name length, name
        Out sni = new Out();
        sni.u16(0x0000)
                .u16(domain.length + 5)
                .u16(domain.length + 3)
                .u8(0)
                .u16(domain.length)
                .bytes(domain);
        list.add(sni.toArray());
        list.add(hex("000500050100000000")); // status_request (OCSP)
        list.add(new Out()
                .u16(0x000a)
                .u16(10)
                .u16(8)
                .u16(grease[4])
                .u16(0x001d)
                .u16(0x0017)
                .u16(0x0018)
                .toArray()); // supported_groups
        list.add(hex("000b00020100")); // ec_point_formats
        list.add(new Out()
                .u16(0x000d)
                .u16(SIGNATURE_ALGORITHMS.length + 2)
                .u16(SIGNATURE_ALGORITHMS.length)
                .bytes(SIGNATURE_ALGORITHMS)
                .toArray()); // signature_algorithms
        list.add(hex("0010000e000c02683208687474702f312e31")); // ALPN h2, http/1.1
        list.add(hex("00120000")); // signed_certificate_timestamp
        list.add(hex("00170000")); // extended_master_secret
        list.add(hex("001b0003020002")); // compress_certificate: brotli
        list.add(hex("00230000")); // session_ticket
        list.add(new Out()
                .u16(0x002b)
                .u16(7)
                .u8(6)
                .u16(grease[6])
                .u16(0x0304)
                .u16(0x0303)
                .toArray()); // supported_versions
        list.add(hex("002d00020101")); // psk_key_exchange_modes: psk_dhe_ke
        list.add(new Out()
                .u16(0x0033)
                .u16(43)
                .u16(41)
                .u16(grease[4])
                .u16(1)
                .u8(0)
                .u16(0x001d)
                .u16(32)
                .bytes(keyShare)
                .toArray()); // key_share: GREASE share, then X25519
        list.add(hex("446900050003026832")); // application_settings: h2
        list.add(hex("ff01000100")); // renegotiation_info
        return list;
    }

    private static byte[] layout(byte[] sessionId, int[] grease, List<byte[]> extensions) {
        Out body = new Out();
        body.u16(0x0303).bytes(new byte[32]).u8(sessionId.length).bytes(sessionId);
        body.u16(CIPHER_SUITES.length + 2).u16(grease[0]).bytes(CIPHER_SUITES);
        body.u8(1).u8(0); // compression: null only
        Out ext = new Out();
        ext.u16(grease[2]).u16(0);
        for (byte[] e : extensions) {
            ext.bytes(e);
        }
        ext.u16(grease[3]).u16(1).u8(0);
        int unpadded = TlsBytes.RECORD_HEADER + 4 + body.size() + 2 + ext.size();
        if (unpadded + 4 <= LENGTH) {
            int pad = LENGTH - unpadded - 4;
            ext.u16(0x0015).u16(pad).bytes(new byte[pad]);
        }
        body.u16(ext.size()).bytes(ext.toArray());
        Out record = new Out();
        record.u8(TlsBytes.HANDSHAKE).u16(0x0301).u16(body.size() + 4);
        record.u8(1).u8(body.size() >>> 16).u16(body.size() & 0xffff).bytes(body.toArray());
        return record.toArray();
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

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
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
