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

    /**
     * The layout written from tdlib's recipe (td/mtproto/TlsInit.cpp, April 2026, non-Apple), field
     * by field: every byte that is not random, GREASE or key material is compared exactly.
     */
    @Test
    void layoutFollowsTdlibsRecipeFieldByField() {
        for (int seed = 0; seed < 16; seed++) {
            byte[] hello = FakeTlsClientHello.create(SECRET, new Random(seed), TIME);
            int ech = echPayloadLength(hello);
            assertThat(ech).isIn(144, 176, 208, 240);
            // record, handshake header, version; no padding: the ML-KEM share makes the hello long
            assertThat(hello).hasSize(1566 + "cdn.example.net".length() + ech);
            assertThat(hex(hello, 0, 3)).isEqualTo("160301");
            assertThat(u16(hello, 3)).isEqualTo(hello.length - 5);
            assertThat(hello[5]).isEqualTo((byte) 1);
            assertThat((hello[6] & 0xff) << 16 | u16(hello, 7)).isEqualTo(hello.length - 9);
            assertThat(hex(hello, 9, 2)).isEqualTo("0303");
            assertThat(hello[43]).as("session id length").isEqualTo((byte) 32);
            // cipher suites: GREASE then Chrome's fifteen; compression null only
            assertThat(u16(hello, 76)).isEqualTo(32);
            int suiteGrease = u16(hello, 78);
            assertThat(isGrease(suiteGrease)).isTrue();
            assertThat(hex(hello, 80, 30)).isEqualTo("130113021303c02bc02fc02cc030cca9cca8c013c014009c009d002f0035");
            assertThat(hex(hello, 110, 2)).isEqualTo("0100");
            assertThat(u16(hello, 112)).isEqualTo(hello.length - 114);

            Map<Integer, byte[]> ext = extensions(hello);
            List<Integer> order = new ArrayList<>(ext.keySet());
            assertThat(order).hasSize(18);
            int first = order.get(0);
            int last = order.get(17);
            assertThat(isGrease(first) && isGrease(last) && first != last).isTrue();
            assertThat(ext.get(first)).isEmpty();
            assertThat(ext.get(last)).containsExactly(0);
            assertThat(order.subList(1, 17))
                    .containsExactlyInAnyOrder(
                            0x0000, 0x0005, 0x000a, 0x000b, 0x000d, 0x0010, 0x0012, 0x0017, 0x001b, 0x0023, 0x002b,
                            0x002d, 0x0033, 0x44cd, 0xfe0d, 0xff01);

            byte[] name = "cdn.example.net".getBytes(StandardCharsets.US_ASCII);
            assertThat(hex(get(ext, 0x0000)))
                    .isEqualTo("001200000f" + HexFormat.of().formatHex(name));
            assertThat(hex(get(ext, 0x0005))).isEqualTo("0100000000");
            byte[] groups = get(ext, 0x000a);
            int groupGrease = u16(groups, 2);
            assertThat(isGrease(groupGrease)).isTrue();
            assertThat(hex(groups, 0, 2) + hex(groups, 4, 8)).isEqualTo("000a" + "11ec001d00170018");
            assertThat(hex(get(ext, 0x000b))).isEqualTo("0100");
            assertThat(hex(get(ext, 0x000d))).isEqualTo("001004030804040105030805050108060601");
            assertThat(hex(get(ext, 0x0010))).isEqualTo("000c02683208687474702f312e31");
            assertThat(get(ext, 0x0012)).isEmpty();
            assertThat(get(ext, 0x0017)).isEmpty();
            assertThat(hex(get(ext, 0x001b))).isEqualTo("020002");
            assertThat(get(ext, 0x0023)).isEmpty();
            byte[] versions = get(ext, 0x002b);
            assertThat(versions[0]).isEqualTo((byte) 6);
            assertThat(isGrease(u16(versions, 1))).isTrue();
            assertThat(hex(versions, 3, 4)).isEqualTo("03040303");
            assertThat(hex(get(ext, 0x002d))).isEqualTo("0101");
            byte[] share = get(ext, 0x0033);
            assertThat(share).hasSize(1263);
            assertThat(u16(share, 0)).isEqualTo(1261);
            assertThat(u16(share, 2))
                    .as("key share GREASE is the groups' GREASE")
                    .isEqualTo(groupGrease);
            assertThat(hex(share, 4, 7)).isEqualTo("00010011ec04c0");
            assertThat(hex(share, 11 + 1216, 4)).isEqualTo("001d0020");
            assertThat(hex(get(ext, 0x44cd))).isEqualTo("0003026832");
            byte[] echBody = get(ext, 0xfe0d);
            assertThat(hex(echBody, 0, 5)).as("outer, HKDF-SHA256, AES-128-GCM").isEqualTo("0000010001");
            assertThat(hex(echBody, 6, 2)).isEqualTo("0020");
            assertThat(u16(echBody, 40)).isEqualTo(ech);
            assertThat(echBody).hasSize(42 + ech);
            assertThat(hex(get(ext, 0xff01))).isEqualTo("00");
        }
    }

    /**
     * JA4 of tdlib's hello, computed per FoxIO's definition (see {@link Ja4}) for a sample of hellos
     * with different permutations, GREASE and ECH lengths: always {@code
     * t13d1516h2_8daaf6152771_d8a2da3f94cd}, the fingerprint published for Chrome 143.
     */
    @Test
    void ja4IsChromesForEverySampledHello() {
        Set<List<Integer>> orders = new HashSet<>();
        for (int seed = 100; seed < 132; seed++) {
            byte[] hello = FakeTlsClientHello.create(SECRET, new Random(seed), TIME);
            Ja4 ja4 = Ja4.of(hello);
            assertThat(ja4.fingerprint()).isEqualTo("t13d1516h2_8daaf6152771_d8a2da3f94cd");
            assertThat(ja4.raw())
                    .isEqualTo("t13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,"
                            + "cca9_0005,000a,000b,000d,0012,0017,001b,0023,002b,002d,0033,44cd,fe0d,ff01_0403,0804,"
                            + "0401,0503,0805,0501,0806,0601");
            orders.add(ja4.extensions);
        }
        assertThat(orders).as("extension order permuted per hello").hasSize(32);
    }

    @Test
    void mlKemShareIsWellFormedAndBothX25519SharesAreUsableKeys() throws Exception {
        for (int seed = 0; seed < 4; seed++) {
            byte[] share = get(extensions(FakeTlsClientHello.create(SECRET, new Random(seed), TIME)), 0x0033);
            // ML-KEM-768 encapsulation key: 768 twelve-bit coefficients, each below q = 3329
            for (int i = 0; i < 384; i++) {
                int b0 = share[11 + 3 * i] & 0xff;
                int b1 = share[11 + 3 * i + 1] & 0xff;
                int b2 = share[11 + 3 * i + 2] & 0xff;
                assertThat(b0 | (b1 & 0x0f) << 8).isLessThan(3329);
                assertThat(b1 >>> 4 | b2 << 4).isLessThan(3329);
            }
            byte[] hybridX25519 = Arrays.copyOfRange(share, 11 + 1184, 11 + 1216);
            byte[] plainX25519 = Arrays.copyOfRange(share, 1231, 1263);
            assertUsableX25519(hybridX25519);
            assertUsableX25519(plainX25519);
            assertThat(hybridX25519).isNotEqualTo(plainX25519);
        }
    }

    /** tdlib's padding rule: a hello shorter than 513 bytes is padded to 517 (here, a small recipe). */
    @Test
    void paddingOpBringsShortHellosTo517Bytes() throws Exception {
        byte[] hello = FakeTlsClientHello.create(OuterLayerAcceptorTest.LEGACY_517, SECRET, new Random(1), TIME);
        assertThat(hello).hasSize(517);
        assertThat(hex(hello, 0, 5)).isEqualTo("1603010200");
        assertThat(extensions(hello).get(0x0015)).containsOnly((byte) 0);
        assertThat(ClientHelloInfo.parse(hello).serverName()).isEqualTo("cdn.example.net");
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

    private static void assertUsableX25519(byte[] raw) throws Exception {
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
    void sameRandomnessGivesSameBytes() {
        assertThat(FakeTlsClientHello.create(SECRET, new Random(5), TIME))
                .isEqualTo(FakeTlsClientHello.create(SECRET, new Random(5), TIME));
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
    void theLongestDomainStillProducesAValidHello() throws Exception {
        String longest = "b".repeat(253);
        byte[] big = FakeTlsClientHello.create(MtProxySecret.fakeTls(KEY, longest), new Random(1), TIME);
        assertThat(big).hasSize(1566 + 253 + echPayloadLength(big));
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
        int wrong = hello.length - 8; // handshake length one more than follows
        badLength[7] = (byte) (wrong >>> 8);
        badLength[8] = (byte) wrong;
        assertThatThrownBy(() -> ClientHelloInfo.parse(badLength))
                .isInstanceOf(FakeTlsException.class)
                .hasMessage("malformed ClientHello at offset 0x6: handshake length " + (hello.length - 8) + " but "
                        + (hello.length - 9) + " bytes follow");
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

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static String hex(byte[] b, int from, int length) {
        return HexFormat.of().formatHex(b, from, from + length);
    }

    static int echPayloadLength(byte[] hello) {
        return u16(get(extensions(hello), 0xfe0d), 40);
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
