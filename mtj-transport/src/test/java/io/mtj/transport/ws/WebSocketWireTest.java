package io.mtj.transport.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.transport.ScriptedWire;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The frame stream of an established connection, over in-memory wires. */
class WebSocketWireTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    /** A frame as seen by the peer: header plus unmasked payload. */
    static final class Frame {
        private final boolean fin;
        private final int opcode;
        private final boolean masked;
        private final byte[] payload;

        Frame(boolean fin, int opcode, boolean masked, byte[] payload) {
            this.fin = fin;
            this.opcode = opcode;
            this.masked = masked;
            this.payload = payload;
        }

        boolean fin() {
            return fin;
        }

        int opcode() {
            return opcode;
        }

        boolean masked() {
            return masked;
        }

        byte[] payload() {
            return payload;
        }
    }

    private static List<Frame> frames(byte[] bytes, boolean masked) throws Exception {
        ScriptedWire in = ScriptedWire.script(bytes, bytes.length + 1);
        List<Frame> out = new ArrayList<>();
        while (true) {
            WebSocketFrameCodec.Header h;
            try {
                h = WebSocketFrameCodec.readHeader(in, masked, Long.MAX_VALUE);
            } catch (java.io.EOFException end) {
                return out;
            }
            byte[] payload = new byte[(int) h.length()];
            in.readFully(payload, 0, payload.length);
            if (h.masked()) {
                WebSocketFrameCodec.mask(payload, 0, payload.length, h.mask(), 0);
            }
            out.add(new Frame(h.fin(), h.opcode(), h.masked(), payload));
        }
    }

    private static String readAll(WebSocketWire wire) throws Exception {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[2];
        int n;
        while ((n = wire.read(buf, 0, buf.length)) >= 0) {
            got.write(buf, 0, n);
        }
        return got.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void clientJoinsFragmentsAnswersPingAndClose() throws Exception {
        // binary "Hel" (not final), ping "hi", empty continuation, continuation "lo" (final), close 1001
        byte[] in = hex("02 03 48 65 6c 89 02 68 69 00 00 80 02 6c 6f 88 02 03 e9");
        ScriptedWire lower = ScriptedWire.script(in, 3);
        WebSocketWire wire = new WebSocketWire(lower, true, new Random(4), 1 << 20);
        assertThat(readAll(wire)).isEqualTo("Hello");
        assertThat(wire.read(new byte[1], 0, 1)).isEqualTo(-1);
        assertThat(wire.peerCloseCode()).isEqualTo(1001);
        List<Frame> sent = frames(lower.written(), true);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).opcode()).isEqualTo(WebSocketFrameCodec.PONG);
        assertThat(sent.get(0).payload()).isEqualTo("hi".getBytes(StandardCharsets.US_ASCII));
        assertThat(sent.get(1).opcode()).isEqualTo(WebSocketFrameCodec.CLOSE);
        assertThat(sent.get(1).payload()).isEqualTo(hex("03 e9"));
        // after the close handshake nothing more may be sent
        assertThatThrownBy(() -> wire.write(new byte[1], 0, 1))
                .hasMessage("WebSocket is closing: a close frame was already sent");
    }

    @Test
    void serverReadsMaskedFramesAndWritesUnmasked() throws Exception {
        byte[] mask = {1, 2, 3, 4};
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.write(WebSocketFrameCodec.encode(true, 2, "abcdef".getBytes(StandardCharsets.US_ASCII), 0, 6, mask));
        in.write(WebSocketFrameCodec.encode(true, 8, new byte[0], 0, 0, mask));
        ScriptedWire lower = ScriptedWire.script(in.toByteArray(), 4);
        WebSocketWire wire = new WebSocketWire(lower, false, new Random(1), 1 << 20);
        assertThat(wire.peerCloseCode()).isEqualTo(-1);
        assertThat(readAll(wire)).isEqualTo("abcdef");
        assertThat(wire.peerCloseCode()).isEqualTo(1005);
        wire.close();
        assertThat(lower.closed()).isTrue();
        // close answered with an empty close frame (no status to echo), unmasked; close() adds nothing
        assertThat(lower.written()).isEqualTo(hex("88 00"));
    }

    @Test
    void clientMasksEveryFrameWithoutTouchingTheCallersBytes() throws Exception {
        ScriptedWire lower = ScriptedWire.script(new byte[0], 1);
        WebSocketWire wire = new WebSocketWire(lower, true, new Random(9), 1 << 20);
        byte[] data = new byte[70_000];
        new Random(2).nextBytes(data);
        byte[] copy = data.clone();
        wire.write(data, 0, data.length);
        wire.flush();
        wire.write(data, 0, 3);
        wire.flush();
        assertThat(data).isEqualTo(copy);
        List<Frame> sent = frames(lower.written(), true);
        assertThat(sent).extracting(f -> f.payload().length).containsExactly(65_536, 4_464, 3);
        assertThat(sent).allMatch(f -> f.fin() && f.masked() && f.opcode() == WebSocketFrameCodec.BINARY);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        sent.subList(0, 2).forEach(f -> joined.writeBytes(f.payload()));
        assertThat(joined.toByteArray()).isEqualTo(data);
        // the raw bytes on the wire are not the plain payload
        assertThat(java.util.Arrays.copyOfRange(lower.written(), 14, 14 + 16))
                .isNotEqualTo(java.util.Arrays.copyOf(data, 16));
    }

    @Test
    void serverFramesAreNotMasked() throws Exception {
        ScriptedWire lower = ScriptedWire.script(new byte[0], 1);
        WebSocketWire wire = new WebSocketWire(lower, false, new Random(9), 1 << 20);
        wire.write("abc".getBytes(StandardCharsets.US_ASCII), 0, 3);
        wire.flush();
        wire.close();
        assertThat(lower.written()).isEqualTo(hex("82 03 61 62 63 88 02 03 e8"));
    }

    @Test
    void protocolViolationsAreRejected() {
        assertThatThrownBy(() -> readAll(client("81 01 61")))
                .isInstanceOf(WebSocketException.class)
                .hasMessage("WebSocket frame: expected binary data, got a text frame of 1 bytes");
        assertThatThrownBy(() -> readAll(client("80 01 61")))
                .hasMessage("WebSocket frame: continuation frame without a fragmented message to continue");
        assertThatThrownBy(() -> readAll(client("02 01 61 82 01 62")))
                .hasMessage(
                        "WebSocket frame: expected a continuation frame, got a new binary frame inside a fragmented message");
        assertThatThrownBy(() -> readAll(client("82 7e 10 00")))
                .hasMessage("WebSocket frame: payload of 4096 bytes exceeds the limit of 1024");
        assertThatThrownBy(() ->
                        readAll(new WebSocketWire(ScriptedWire.script(hex("82 01 61"), 5), false, new Random(), 1024)))
                .hasMessage("WebSocket frame: client frames must be masked, got an unmasked frame");
        assertThatThrownBy(() -> readAll(client("82 05 61 62")))
                .isInstanceOf(java.io.EOFException.class)
                .hasMessage("WebSocket stream ended inside a frame with 3 payload bytes missing");
        assertThatThrownBy(() -> readAll(client("82 01 61")))
                .isInstanceOf(java.io.EOFException.class)
                .hasMessage("WebSocket stream ended without a close frame");
    }

    @Test
    void faultsAreReportedToThePeerWithACloseStatus() throws Exception {
        ScriptedWire text = ScriptedWire.script(hex("81 01 61"), 5);
        assertThatThrownBy(() -> readAll(new WebSocketWire(text, true, new Random(3), 1024)))
                .isInstanceOfSatisfying(
                        WebSocketException.class, e -> assertThat(e.closeCode()).isEqualTo(1003));
        List<Frame> sent = frames(text.written(), true);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).opcode()).isEqualTo(WebSocketFrameCodec.CLOSE);
        assertThat(sent.get(0).payload()).isEqualTo(hex("03 eb"));
        ScriptedWire big = ScriptedWire.script(hex("82 fe 10 00 01 02 03 04"), 5);
        assertThatThrownBy(() -> readAll(new WebSocketWire(big, false, new Random(3), 1024)))
                .isInstanceOf(WebSocketException.class);
        assertThat(big.written()).isEqualTo(hex("88 02 03 f1"));
    }

    private static WebSocketWire client(String hex) {
        return new WebSocketWire(ScriptedWire.script(hex(hex), 5), true, new Random(), 1024);
    }
}
