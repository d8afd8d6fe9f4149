package io.mtj.transport.obfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.transport.Endpoint;
import io.mtj.transport.Frame;
import io.mtj.transport.FrameException;
import io.mtj.transport.Framing;
import io.mtj.transport.ScriptedWire;
import io.mtj.transport.codec.FrameCodec;
import io.mtj.transport.codec.Side;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.random.RandomGenerator;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Obfuscated2 with fixed randomness (byte i = 0x11 + 5i). The expected hex was computed
 * independently with Python's {@code cryptography} package (AES-256-CTR, hashlib.sha256) from the
 * rules on core.telegram.org/mtproto/mtproto-transports#transport-obfuscation; the media case is
 * cross-checked once more with javax.crypto below.
 */
class ObfuscatedWireTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] SECRET = HEX.parseHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");
    private static final String RANDOM = "11161b20252a2f34393e43484d52575c61666b70757a7f84898e93989da2a7ac"
            + "b1b6bbc0c5cacfd4d9dee3e8edf2f7fc01060b10151a1f24292e33383d42474c";

    private static byte[] random64() {
        return HEX.parseHex(RANDOM);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // case, framing, header dc, secret?, header tail (bytes 56..64 as sent), first frame, server reply
        "dc 2 production, INTERMEDIATE, 2, false, 247b349011b93b53, 64f2fcd95ac774f7976793cd, 97303195e6a5482ebb78425e",
        "dc 2 test (10002), ABRIDGED, 10002, false, 257a3591019e3b53, 6ef3feda5fc071f49a, 9d212386e3a24d2db6",
        "dc 2 media (-2), INTERMEDIATE, -2, false, 247b3490ed463b53, 64f2fcd95ac774f7976793cd, 97303195e6a5482ebb78425e",
        "dc 2 via MTProxy secret, INTERMEDIATE, 2, true, 029306b4396919a7, aa85924f551489fb6832a421, de49934c0ba357767d2d47dd",
    })
    void clientHeaderFirstFrameAndReplyMatchIndependentVectors(
            String name, Framing framing, int dc, boolean withSecret, String tail, String frameHex, String replyHex)
            throws IOException {
        byte[] secret = withSecret ? SECRET : null;
        String plainFrame = framing == Framing.ABRIDGED ? "020102030405060708" : "080000000102030405060708";
        String plainReply = framing == Framing.ABRIDGED ? "021112131415161718" : "080000001112131415161718";

        ScriptedWire below = ScriptedWire.of(replyHex);
        byte[] random = random64();
        ObfuscatedWire client = ObfuscatedWire.client(below, random, framing, dc, secret);
        assertThat(HEX.formatHex(random)).as("caller's randomness untouched").isEqualTo(RANDOM);
        FrameCodec codec = FrameCodec.of(framing, Side.CLIENT);
        codec.writeFrame(client, HEX.parseHex("0102030405060708"), 0, 8, false);
        assertThat(below.written()).as("frame held until flush").hasSize(64);
        client.flush();
        assertThat(below.writtenHex()).isEqualTo(RANDOM.substring(0, 112) + tail + frameHex);

        Frame reply = codec.readFrame(client);
        assertThat(((Frame.Packet) reply).payload()).isEqualTo(HEX.parseHex("1112131415161718"));

        // the server side reads the same bytes back and answers with the same ciphertext
        ScriptedWire serverBelow = ScriptedWire.of(below.writtenHex());
        ObfuscatedWire server =
                ObfuscatedWire.server(serverBelow, withSecret ? List.of(SECRET) : List.of(), !withSecret);
        assertThat(server.framing()).isEqualTo(framing);
        assertThat(server.dcId()).isEqualTo(dc);
        assertThat(server.secretIndex()).isEqualTo(withSecret ? 0 : -1);
        byte[] got = new byte[plainFrame.length() / 2];
        server.readFully(got, 0, got.length);
        assertThat(HEX.formatHex(got)).isEqualTo(plainFrame);
        server.write(HEX.parseHex(plainReply), 0, plainReply.length() / 2);
        server.flush();
        assertThat(serverBelow.writtenHex()).isEqualTo(replyHex);
    }

    @Test
    void mediaHeaderCrossCheckedWithJavaxCrypto() throws Exception {
        ScriptedWire below = ScriptedWire.empty();
        Endpoint media = new Endpoint("127.0.0.1", 443, 2, false, true);
        ObfuscatedWire.client(below, random64(), Framing.INTERMEDIATE, media.headerDcId(), null);
        byte[] plain = random64();
        byte[] tagDc = HEX.parseHex("eeeeeeeefeff");
        System.arraycopy(tagDc, 0, plain, 56, tagDc.length);
        Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
        aes.init(
                Cipher.ENCRYPT_MODE,
                new SecretKeySpec(java.util.Arrays.copyOfRange(plain, 8, 40), "AES"),
                new IvParameterSpec(java.util.Arrays.copyOfRange(plain, 40, 56)));
        byte[] enc = aes.doFinal(plain);
        byte[] sent = below.written();
        assertThat(java.util.Arrays.copyOfRange(sent, 0, 56)).isEqualTo(java.util.Arrays.copyOfRange(plain, 0, 56));
        assertThat(java.util.Arrays.copyOfRange(sent, 56, 64)).isEqualTo(java.util.Arrays.copyOfRange(enc, 56, 64));
    }

    @Test
    void serverTriesEverySecretAndNamesFailure() throws IOException {
        ScriptedWire below = ScriptedWire.empty();
        ObfuscatedWire.client(below, random64(), Framing.PADDED_INTERMEDIATE, -10003, SECRET);
        byte[] header = below.written();
        byte[] other = new byte[16];
        ObfuscatedWire server = ObfuscatedWire.server(ScriptedWire.empty(), header, List.of(other, SECRET), true);
        assertThat(server.secretIndex()).isEqualTo(1);
        assertThat(server.framing()).isEqualTo(Framing.PADDED_INTERMEDIATE);
        assertThat(server.dcId()).isEqualTo(-10003);
        assertThatThrownBy(() -> ObfuscatedWire.server(ScriptedWire.empty(), header, List.of(other), true))
                .isInstanceOfSatisfying(FrameException.class, e -> {
                    assertThat(e.fault()).isEqualTo(FrameException.Fault.UNKNOWN_TAG);
                    assertThat(e.getMessage())
                            .isEqualTo("UNKNOWN_TAG at offset 0x38: obfuscation header decrypts to no known protocol"
                                    + " tag (expected ef/ee/dd x4) with any of 2 key candidate(s)");
                });
    }

    @ParameterizedTest
    @CsvSource({
        "ef, byte 0 is 0xef (the abridged tag)",
        "48454144, first int is 0x44414548 (another protocol's start)",
        "504f5354, first int is 0x54534f50 (another protocol's start)",
        "47455420, first int is 0x20544547 (another protocol's start)",
        "4f505449, first int is 0x4954504f (another protocol's start)",
        "16030102, first int is 0x2010316 (another protocol's start)",
        "dddddddd, first int is 0xdddddddd (another protocol's start)",
        "eeeeeeee, first int is 0xeeeeeeee (another protocol's start)",
        "0102030400000000, second int is 0 (reads as a full-framing seqno 0)",
    })
    void forbiddenStartsAreRejectedAndRedrawn(String prefix, String reason) throws IOException {
        byte[] bad = random64();
        byte[] p = HEX.parseHex(prefix);
        System.arraycopy(p, 0, bad, 0, p.length);
        assertThat(ObfuscationHeader.violation(bad)).isEqualTo(reason);
        assertThatThrownBy(() -> ObfuscatedWire.client(ScriptedWire.empty(), bad, Framing.INTERMEDIATE, 2, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("obfuscation header randomness rejected: " + reason);
        Sequence seq = new Sequence(bad, random64());
        assertThat(ObfuscationHeader.random(seq)).isEqualTo(random64());
        assertThat(seq.draws).isEqualTo(2);
    }

    @Test
    void fullFramingCannotBeObfuscated() {
        assertThatThrownBy(() -> ObfuscatedWire.client(ScriptedWire.empty(), random64(), Framing.FULL, 2, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the full framing has no protocol tag and cannot be obfuscated");
    }

    /** Hands out the given 64-byte arrays in order. */
    private static final class Sequence implements RandomGenerator {
        private final Deque<byte[]> arrays = new ArrayDeque<>();
        int draws;

        Sequence(byte[]... arrays) {
            this.arrays.addAll(List.of(arrays));
        }

        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            draws++;
            byte[] next = arrays.removeFirst();
            System.arraycopy(next, 0, bytes, 0, bytes.length);
        }
    }
}
