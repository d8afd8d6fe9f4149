package io.mtj.transport.mtproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class FakeTlsClientHelloTest {
    static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    static final MtProxySecret SECRET = MtProxySecret.fakeTls(KEY, "cdn.example.net");
    static final long TIME = 1_790_000_000L;

    @Test
    void layoutIsChromeShapedAndExactly517Bytes() {
        byte[] hello = FakeTlsClientHello.create(SECRET, new Random(7), TIME);
        assertThat(hello).hasSize(517);
        assertThat(Arrays.copyOf(hello, 5)).isEqualTo(HexFormat.of().parseHex("1603010200"));
        assertThat(hello[5]).isEqualTo((byte) 1); // ClientHello
        assertThat(Arrays.copyOfRange(hello, 6, 11)).isEqualTo(HexFormat.of().parseHex("0001fc0303"));
        assertThat(hello[43]).isEqualTo((byte) 32); // session id length

        Map<Integer, byte[]> ext = extensions(hello);
        List<Integer> order = new ArrayList<>(ext.keySet());
        assertThat(isGrease(order.get(0))).as("first extension is GREASE").isTrue();
        assertThat(isGrease(order.get(order.size() - 2)))
                .as("GREASE before padding")
                .isTrue();
        assertThat(order.get(order.size() - 1)).as("padding last").isEqualTo(0x0015);

        // SNI
        byte[] sni = get(ext, 0x0000);
        byte[] name = "cdn.example.net".getBytes(StandardCharsets.US_ASCII);
        assertThat(Arrays.copyOf(sni, 5)).isEqualTo(new byte[] {0, (byte) (name.length + 3), 0, 0, (byte) name.length});
        assertThat(Arrays.copyOfRange(sni, 5, sni.length)).isEqualTo(name);
        // ALPN h2, http/1.1
        assertThat(get(ext, 0x0010)).isEqualTo(HexFormat.of().parseHex("000c02683208687474702f312e31"));
        // supported groups: GREASE, x25519, P-256, P-384
        byte[] groups = get(ext, 0x000a);
        assertThat(isGrease(u16(groups, 2))).isTrue();
        assertThat(Arrays.copyOfRange(groups, 4, 10)).isEqualTo(HexFormat.of().parseHex("001d00170018"));
        // supported versions: GREASE, TLS 1.3, TLS 1.2
        byte[] versions = get(ext, 0x002b);
        assertThat(versions[0]).isEqualTo((byte) 6);
        assertThat(isGrease(u16(versions, 1))).isTrue();
        assertThat(Arrays.copyOfRange(versions, 3, 7)).isEqualTo(HexFormat.of().parseHex("03040303"));
        // key share: GREASE share of one byte, then x25519 with 32 bytes
        byte[] share = get(ext, 0x0033);
        assertThat(share).hasSize(43);
        assertThat(isGrease(u16(share, 2))).isTrue();
        assertThat(Arrays.copyOfRange(share, 4, 11))
                .isEqualTo(HexFormat.of().parseHex("00010000 1d0020".replace(" ", "")));
        // cipher suites start with GREASE, then TLS 1.3 suites
        assertThat(u16(hello, 76)).isEqualTo(32);
        assertThat(isGrease(u16(hello, 78))).isTrue();
        assertThat(u16(hello, 80)).isEqualTo(0x1301);
        // padding is all zero
        byte[] padding = get(ext, 0x0015);
        assertThat(padding).containsOnly((byte) 0);
    }

    @Test
    void randomIsTheHmacOfTheHelloWithTheTimeFoldedIn() throws Exception {
        byte[] hello = FakeTlsClientHello.create(SECRET, new Random(11), TIME);
        byte[] zeroed = hello.clone();
        Arrays.fill(zeroed, 11, 43, (byte) 0);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        byte[] expected = mac.doFinal(zeroed);
        byte[] random = Arrays.copyOfRange(hello, 11, 43);
        assertThat(Arrays.copyOf(random, 28)).isEqualTo(Arrays.copyOf(expected, 28));
        long decoded = 0;
        for (int i = 3; i >= 0; i--) {
            decoded = (decoded << 8) | ((random[28 + i] ^ expected[28 + i]) & 0xff);
        }
        assertThat(decoded).isEqualTo(TIME);
    }

    @Test
    void keyShareIsAUsableX25519PublicKey() throws Exception {
        byte[] hello = FakeTlsClientHello.create(SECRET, new Random(3), TIME);
        byte[] share = get(extensions(hello), 0x0033);
        byte[] raw = Arrays.copyOfRange(share, 11, 43);
        byte[] be = raw.clone();
        for (int i = 0; i < 16; i++) {
            byte t = be[i];
            be[i] = be[31 - i];
            be[31 - i] = t;
        }
        PublicKey peer = KeyFactory.getInstance("XDH")
                .generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, be)));
        KeyPairGenerator gen = KeyPairGenerator.getInstance("X25519");
        KeyAgreement agreement = KeyAgreement.getInstance("X25519");
        agreement.init(gen.generateKeyPair().getPrivate());
        agreement.doPhase(peer, true);
        // the JDK refuses small-order points (all-zero shared secret), so this proves a real key
        assertThat(agreement.generateSecret()).hasSize(32).isNotEqualTo(new byte[32]);
    }

    @Test
    void sameRandomnessGivesSameBytesAndSeedsPermuteExtensions() {
        assertThat(FakeTlsClientHello.create(SECRET, new Random(5), TIME))
                .isEqualTo(FakeTlsClientHello.create(SECRET, new Random(5), TIME));
        Set<List<Integer>> orders = new HashSet<>();
        for (int seed = 0; seed < 8; seed++) {
            List<Integer> order = new ArrayList<>(extensions(FakeTlsClientHello.create(SECRET, new Random(seed), TIME))
                    .keySet());
            order.removeIf(FakeTlsClientHelloTest::isGrease);
            orders.add(order);
        }
        assertThat(orders).hasSizeGreaterThan(4);
    }

    @Test
    void serverSideParserFindsSniRandomAndSessionId() throws Exception {
        byte[] hello = FakeTlsClientHello.create(SECRET, new Random(9), TIME);
        ClientHelloInfo info = ClientHelloInfo.parse(hello);
        assertThat(info.serverName()).isEqualTo("cdn.example.net");
        assertThat(info.random()).isEqualTo(Arrays.copyOfRange(hello, 11, 43));
        assertThat(info.sessionId()).isEqualTo(Arrays.copyOfRange(hello, 44, 76));
    }

    @Test
    void longDomainsStillProduceAValidHello() throws Exception {
        String limit = "a".repeat(215);
        byte[] exact = FakeTlsClientHello.create(MtProxySecret.fakeTls(KEY, limit), new Random(1), TIME);
        assertThat(exact).hasSize(517);
        assertThat(extensions(exact).get(0x0015)).isEmpty();
        String longest = "b".repeat(253);
        byte[] big = FakeTlsClientHello.create(MtProxySecret.fakeTls(KEY, longest), new Random(1), TIME);
        assertThat(big).hasSize(298 + 253);
        assertThat(extensions(big)).doesNotContainKey(0x0015);
        assertThat(ClientHelloInfo.parse(big).serverName()).isEqualTo(longest);
    }

    @Test
    void onlyFakeTlsSecretsAreAccepted() {
        assertThatThrownBy(() -> FakeTlsClientHello.create(MtProxySecret.plain(KEY), new Random(1), TIME))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fake-TLS needs an 0xee secret, got kind PLAIN");
    }

    @Test
    void parserReportsBrokenStructureWithOffsets() {
        byte[] hello = FakeTlsClientHello.create(SECRET, new Random(9), TIME);
        byte[] badLength = hello.clone();
        badLength[8] = (byte) 0xfd; // handshake length 0x0001fd, one more than follows
        assertThatThrownBy(() -> ClientHelloInfo.parse(badLength))
                .isInstanceOf(FakeTlsException.class)
                .hasMessage("malformed ClientHello at offset 0x6: handshake length 509 but 508 bytes follow");
        byte[] badSession = hello.clone();
        badSession[43] = 33;
        assertThatThrownBy(() -> ClientHelloInfo.parse(badSession))
                .hasMessage("malformed ClientHello at offset 0x2b: session id length 33 exceeds 32");
        byte[] badType = hello.clone();
        badType[5] = 2;
        assertThatThrownBy(() -> ClientHelloInfo.parse(badType))
                .hasMessage(
                        "malformed ClientHello at offset 0x5: expected handshake type 0x01 (ClientHello), got 0x02");
    }

    static byte[] get(Map<Integer, byte[]> extensions, int type) {
        byte[] body = extensions.get(type);
        assertThat(body).as("extension 0x%04x present", type).isNotNull();
        return java.util.Objects.requireNonNull(body);
    }

    static boolean isGrease(int v) {
        return (v & 0x0f0f) == 0x0a0a && (v >>> 12) == ((v >>> 4) & 0x0f);
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    /** Independent walk over the extensions: type to body, in wire order. */
    static Map<Integer, byte[]> extensions(byte[] hello) {
        int p = 43;
        p += 1 + (hello[p] & 0xff); // session id
        p += 2 + u16(hello, p); // cipher suites
        p += 1 + (hello[p] & 0xff); // compression
        int end = p + 2 + u16(hello, p);
        assertThat(end).isEqualTo(hello.length);
        p += 2;
        Map<Integer, byte[]> out = new LinkedHashMap<>();
        while (p < end) {
            int type = u16(hello, p);
            int len = u16(hello, p + 2);
            assertThat(out.put(type, Arrays.copyOfRange(hello, p + 4, p + 4 + len)))
                    .isNull();
            p += 4 + len;
        }
        assertThat(p).isEqualTo(end);
        return out;
    }
}
