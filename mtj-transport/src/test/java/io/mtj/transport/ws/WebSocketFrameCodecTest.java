package io.mtj.transport.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.transport.ScriptedWire;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Known answers from RFC 6455 sections 1.3 and 5.7, and the header checks. */
class WebSocketFrameCodecTest {
    private static final byte[] HELLO = "Hello".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RFC_MASK = {0x37, (byte) 0xfa, 0x21, 0x3d};

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void acceptKeyFromSection1_3() {
        assertThat(WebSocketHandshake.acceptKey("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void section5_7Examples() {
        assertThat(WebSocketFrameCodec.encode(true, WebSocketFrameCodec.TEXT, HELLO, 0, 5, null))
                .isEqualTo(hex("81 05 48 65 6c 6c 6f"));
        assertThat(WebSocketFrameCodec.encode(true, WebSocketFrameCodec.TEXT, HELLO, 0, 5, RFC_MASK))
                .isEqualTo(hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
        assertThat(WebSocketFrameCodec.encode(false, WebSocketFrameCodec.TEXT, HELLO, 0, 3, null))
                .isEqualTo(hex("01 03 48 65 6c"));
        assertThat(WebSocketFrameCodec.encode(true, WebSocketFrameCodec.CONTINUATION, HELLO, 3, 2, null))
                .isEqualTo(hex("80 02 6c 6f"));
        assertThat(WebSocketFrameCodec.encode(true, WebSocketFrameCodec.PING, HELLO, 0, 5, null))
                .isEqualTo(hex("89 05 48 65 6c 6c 6f"));
        assertThat(WebSocketFrameCodec.encode(true, WebSocketFrameCodec.PONG, HELLO, 0, 5, RFC_MASK))
                .isEqualTo(hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58"));
    }

    @Test
    void section5_7LengthForms() throws Exception {
        byte[] b256 = WebSocketFrameCodec.encode(true, WebSocketFrameCodec.BINARY, new byte[256], 0, 256, null);
        assertThat(Arrays.copyOf(b256, 4)).isEqualTo(hex("82 7e 01 00"));
        assertThat(b256).hasSize(4 + 256);
        byte[] b64k = WebSocketFrameCodec.encode(true, WebSocketFrameCodec.BINARY, new byte[65536], 0, 65536, null);
        assertThat(Arrays.copyOf(b64k, 10)).isEqualTo(hex("82 7f 00 00 00 00 00 01 00 00"));
        assertThat(b64k).hasSize(10 + 65536);

        WebSocketFrameCodec.Header h256 = WebSocketFrameCodec.readHeader(ScriptedWire.script(b256, 1), false, 1 << 20);
        assertThat(h256).isEqualTo(new WebSocketFrameCodec.Header(true, 2, false, 0, 256));
        WebSocketFrameCodec.Header h64k = WebSocketFrameCodec.readHeader(ScriptedWire.script(b64k, 3), false, 1 << 20);
        assertThat(h64k).isEqualTo(new WebSocketFrameCodec.Header(true, 2, false, 0, 65536));
        // boundaries: 125 stays 7-bit, 126 and 65535 use 16 bits, 65536 uses 64 bits
        byte[] header = new byte[14];
        assertThat(WebSocketFrameCodec.writeHeader(header, true, 2, 125, null)).isEqualTo(2);
        assertThat(WebSocketFrameCodec.writeHeader(header, true, 2, 126, null)).isEqualTo(4);
        assertThat(WebSocketFrameCodec.writeHeader(header, true, 2, 65535, RFC_MASK))
                .isEqualTo(8);
        assertThat(Arrays.copyOf(header, 8)).isEqualTo(hex("82 fe ff ff 37 fa 21 3d"));
        assertThat(WebSocketFrameCodec.writeHeader(header, true, 2, 65536, RFC_MASK))
                .isEqualTo(14);
    }

    @Test
    void maskedHeaderDecodesAndUnmasks() throws Exception {
        byte[] frame = hex("81 85 37 fa 21 3d 7f 9f 4d 51 58");
        ScriptedWire in = ScriptedWire.script(frame, 2);
        WebSocketFrameCodec.Header h = WebSocketFrameCodec.readHeader(in, true, 100);
        assertThat(h).isEqualTo(new WebSocketFrameCodec.Header(true, 1, true, 0x37fa213d, 5));
        byte[] payload = new byte[5];
        in.readFully(payload, 0, 5);
        WebSocketFrameCodec.mask(payload, 0, 2, h.mask(), 0);
        WebSocketFrameCodec.mask(payload, 2, 3, h.mask(), 2); // in two pieces, as reads come
        assertThat(payload).isEqualTo(HELLO);
    }

    @Test
    void wideMaskingMatchesTheByteByByteDefinition() {
        java.util.Random random = new java.util.Random(17);
        for (int round = 0; round < 500; round++) {
            int len = random.nextInt(70);
            int off = random.nextInt(9);
            long position = random.nextInt(1 << 20);
            int mask = random.nextInt();
            byte[] data = new byte[off + len + 3];
            random.nextBytes(data);
            byte[] expected = data.clone();
            for (int i = 0; i < len; i++) { // RFC 6455 section 5.3: j = i MOD 4 over the payload
                int j = (int) ((position + i) % 4);
                expected[off + i] ^= (byte) (mask >>> (24 - 8 * j));
            }
            WebSocketFrameCodec.mask(data, off, len, mask, position);
            assertThat(data).as("len %d off %d position %d", len, off, position).isEqualTo(expected);
        }
    }

    @Test
    void headerChecks() {
        assertThatThrownBy(() -> read("c2 00", false, 10))
                .isInstanceOf(WebSocketException.class)
                .hasMessage("WebSocket frame: reserved bits RSV1-3 must be 0 (no extension negotiated), got 0x4");
        assertThatThrownBy(() -> read("82 05", true, 10))
                .hasMessage("WebSocket frame: client frames must be masked, got an unmasked frame");
        assertThatThrownBy(() -> read("82 85 00 00 00 00", false, 10))
                .hasMessage("WebSocket frame: server frames must not be masked, got a masked frame");
        assertThatThrownBy(() -> read("82 7e 01 00", false, 255))
                .hasMessage("WebSocket frame: payload of 256 bytes exceeds the limit of 255");
        assertThatThrownBy(() -> read("82 7f 80 00 00 00 00 00 00 00", false, 255))
                .hasMessage("WebSocket frame: 64-bit length has its most significant bit set");
        assertThatThrownBy(() -> read("83 00", false, 10)).hasMessage("WebSocket frame: unknown opcode 0x3");
        assertThatThrownBy(() -> read("09 00", false, 10))
                .hasMessage(
                        "WebSocket frame: control frame 0x9 must be final with at most 125 payload bytes, got fin=false length=0");
        assertThatThrownBy(() -> read("89 7e 00 7e", false, 1000))
                .hasMessage(
                        "WebSocket frame: control frame 0x9 must be final with at most 125 payload bytes, got fin=true length=126");
    }

    private static void read(String hex, boolean expectMasked, long max) throws Exception {
        WebSocketFrameCodec.readHeader(ScriptedWire.script(hex(hex), 1), expectMasked, max);
    }
}
