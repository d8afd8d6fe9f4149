package io.mtj.transport.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.transport.FixedRandom;
import io.mtj.transport.Frame;
import io.mtj.transport.FrameSink;
import io.mtj.transport.Framing;
import io.mtj.transport.ScriptedWire;
import io.mtj.transport.TransportException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Known-answer vectors, worked out by hand from core.telegram.org/mtproto/mtproto-transports. */
class CodecVectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] EIGHT = HEX.parseHex("0102030405060708");

    private static FrameCodec codec(Framing framing, Side side) {
        return FrameCodec.of(framing, side, 1 << 20, new FixedRandom(3, 0xaa));
    }

    private static String encode(Framing framing, Side side, byte[] payload, boolean quickAck) throws IOException {
        ScriptedWire wire = ScriptedWire.empty();
        codec(framing, side).writeFrame(wire, payload, 0, payload.length, quickAck);
        return wire.writtenHex();
    }

    private static Frame decode(Framing framing, Side side, String hex) throws IOException {
        ScriptedWire wire = ScriptedWire.of(hex);
        Frame frame = codec(framing, side).readFrame(wire);
        assertThat(wire.consumed())
                .as("bytes consumed")
                .isEqualTo(hex.replace(" ", "").length() / 2);
        return frame;
    }

    private static byte[] bytes(int n, int first) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (first + i);
        }
        return b;
    }

    @Test
    void tags() throws IOException {
        for (Framing f : Framing.values()) {
            ScriptedWire wire = ScriptedWire.empty();
            codec(f, Side.CLIENT).writeTag(wire);
            String expected =
                    switch (f) {
                        case ABRIDGED -> "ef";
                        case INTERMEDIATE -> "eeeeeeee";
                        case PADDED_INTERMEDIATE -> "dddddddd";
                        case FULL, HTTP -> "";
                    };
            assertThat(wire.writtenHex()).as(f.name()).isEqualTo(expected);
        }
    }

    @Test
    void abridgedShortAndLongLengths() throws IOException {
        assertThat(encode(Framing.ABRIDGED, Side.CLIENT, EIGHT, false)).isEqualTo("02" + "0102030405060708");
        assertThat(encode(Framing.ABRIDGED, Side.CLIENT, EIGHT, true)).isEqualTo("82" + "0102030405060708");
        // 126 words still fit one byte, 127 words need 0x7f + 3 bytes
        assertThat(encode(Framing.ABRIDGED, Side.CLIENT, new byte[504], false))
                .startsWith("7e00")
                .hasSize(2 + 1008);
        assertThat(encode(Framing.ABRIDGED, Side.CLIENT, new byte[508], false))
                .startsWith("7f7f0000")
                .hasSize(8 + 1016);
        assertThat(encode(Framing.ABRIDGED, Side.CLIENT, new byte[508], true)).startsWith("ff7f0000");
        assertThat(encode(Framing.ABRIDGED, Side.CLIENT, new byte[1024], false)).startsWith("7f000100");
        assertThat(encode(Framing.ABRIDGED, Side.CLIENT, new byte[0x12340 * 4], false))
                .startsWith("7f402301");
        // a server never sets the quick-ack bit
        assertThat(encode(Framing.ABRIDGED, Side.SERVER, EIGHT, true)).isEqualTo("02" + "0102030405060708");
    }

    @Test
    void abridgedDecode() throws IOException {
        assertThat(((Frame.Packet) decode(Framing.ABRIDGED, Side.CLIENT, "02 0102030405060708")).payload())
                .isEqualTo(EIGHT);
        Frame.Packet asked = (Frame.Packet) decode(Framing.ABRIDGED, Side.SERVER, "82 0102030405060708");
        assertThat(asked.quickAckRequested()).isTrue();
        assertThat(asked.payload()).isEqualTo(EIGHT);
        String longFrame = "7f000100" + HEX.formatHex(bytes(1024, 0));
        assertThat(((Frame.Packet) decode(Framing.ABRIDGED, Side.CLIENT, longFrame)).payload())
                .isEqualTo(bytes(1024, 0));
    }

    @Test
    void abridgedQuickAckIsBigEndianWithHighBit() throws IOException {
        ScriptedWire wire = ScriptedWire.empty();
        codec(Framing.ABRIDGED, Side.SERVER).writeQuickAck(wire, 0x01020304);
        assertThat(wire.writtenHex()).isEqualTo("81020304");
        assertThat(decode(Framing.ABRIDGED, Side.CLIENT, "81020304")).isEqualTo(new Frame.QuickAck(0x81020304));
    }

    @Test
    void intermediateFramesAndQuickAck() throws IOException {
        assertThat(encode(Framing.INTERMEDIATE, Side.CLIENT, EIGHT, false)).isEqualTo("08000000" + "0102030405060708");
        assertThat(encode(Framing.INTERMEDIATE, Side.CLIENT, EIGHT, true)).isEqualTo("08000080" + "0102030405060708");
        assertThat(encode(Framing.INTERMEDIATE, Side.CLIENT, new byte[0x10204], false))
                .startsWith("04020100");
        Frame.Packet asked = (Frame.Packet) decode(Framing.INTERMEDIATE, Side.SERVER, "08000080 0102030405060708");
        assertThat(asked.quickAckRequested()).isTrue();
        assertThat(asked.payload()).isEqualTo(EIGHT);
        ScriptedWire wire = ScriptedWire.empty();
        codec(Framing.INTERMEDIATE, Side.SERVER).writeQuickAck(wire, 0x01020304);
        assertThat(wire.writtenHex()).isEqualTo("04030281");
        assertThat(decode(Framing.INTERMEDIATE, Side.CLIENT, "04030281")).isEqualTo(new Frame.QuickAck(0x81020304));
    }

    @Test
    void paddedIntermediateAppendsRandomPaddingAndStripsIt() throws IOException {
        byte[] encrypted = bytes(24, 1); // auth_key_id != 0, 24 + 0*16 bytes
        assertThat(encode(Framing.PADDED_INTERMEDIATE, Side.CLIENT, encrypted, false))
                .isEqualTo("1b000000" + HEX.formatHex(encrypted) + "aaaaaa");
        assertThat(encode(Framing.PADDED_INTERMEDIATE, Side.CLIENT, encrypted, true))
                .startsWith("1b000080");
        Frame.Packet p = (Frame.Packet)
                decode(Framing.PADDED_INTERMEDIATE, Side.CLIENT, "1b000000" + HEX.formatHex(encrypted) + "aaaaaa");
        assertThat(p.payload()).isEqualTo(encrypted);
        // unencrypted: auth_key_id 0, msg_id, message_data_length 8, 8 data bytes, then 13 padding bytes
        String plain = "0000000000000000" + "0100000000000000" + "08000000" + "0102030405060708";
        Frame.Packet q = (Frame.Packet)
                decode(Framing.PADDED_INTERMEDIATE, Side.SERVER, "29000000" + plain + "aaaaaaaaaaaaaaaaaaaaaaaaaa");
        assertThat(HEX.formatHex(q.payload())).isEqualTo(plain);
        assertThatThrownBy(() -> decode(Framing.PADDED_INTERMEDIATE, Side.CLIENT, "07000000 6cfeffff aaaaaa"))
                .isInstanceOfSatisfying(
                        TransportException.class, e -> assertThat(e.code()).isEqualTo(-404));
    }

    @Test
    void fullFramesCarrySeqnoAndCrc() throws IOException {
        ScriptedWire wire = ScriptedWire.empty();
        FrameCodec client = codec(Framing.FULL, Side.CLIENT);
        client.writeFrame(wire, EIGHT, 0, 8, false);
        client.writeFrame(wire, EIGHT, 0, 8, false);
        assertThat(wire.writtenHex())
                .isEqualTo("14000000" + "00000000" + "0102030405060708" + "e06e4584" + "14000000" + "01000000"
                        + "0102030405060708" + "8f22e01f");
        assertThat(encode(Framing.FULL, Side.CLIENT, EIGHT, true))
                .isEqualTo("14000080" + "00000000" + "0102030405060708" + "f74b2f24");

        FrameCodec server = codec(Framing.FULL, Side.SERVER);
        ScriptedWire in = ScriptedWire.of(wire.writtenHex());
        assertThat(((Frame.Packet) server.readFrame(in)).payload()).isEqualTo(EIGHT);
        assertThat(((Frame.Packet) server.readFrame(in)).payload()).isEqualTo(EIGHT);
        Frame.Packet asked =
                (Frame.Packet) decode(Framing.FULL, Side.SERVER, "14000080 00000000 0102030405060708 f74b2f24");
        assertThat(asked.quickAckRequested()).isTrue();
    }

    /** The sink read hands over the very payload array and quick-ack token, with no Frame object. */
    @ParameterizedTest
    @EnumSource(value = Framing.class, mode = EnumSource.Mode.EXCLUDE, names = "HTTP") // HttpCodecTest
    void sinkReadDeliversPacketsAndQuickAcksInOrder(Framing framing) throws IOException {
        FrameCodec client = codec(framing, Side.CLIENT);
        FrameCodec server = codec(framing, Side.SERVER);
        ScriptedWire up = ScriptedWire.empty();
        // an unencrypted-packet shape (auth_key_id 0, msg_id, length 4) so padded intermediate keeps it whole
        byte[] packet = HEX.parseHex("0000000000000000" + "0102030405060708" + "04000000" + "0a0b0c0d");
        client.writeFrame(up, packet, 0, packet.length, true);
        client.writeFrame(up, packet, 0, packet.length, false);
        List<String> got = new ArrayList<>();
        List<byte[]> arrays = new ArrayList<>();
        FrameSink sink = new FrameSink() {
            @Override
            public void packet(byte[] payload, boolean quickAckRequested) {
                arrays.add(payload);
                got.add(HEX.formatHex(payload) + (quickAckRequested ? " +ack" : ""));
            }

            @Override
            public void quickAck(int token) {
                got.add("ack " + Integer.toHexString(token));
            }
        };
        ScriptedWire in = ScriptedWire.of(up.writtenHex());
        server.readFrame(in, sink);
        server.readFrame(in, sink);
        ScriptedWire down = ScriptedWire.empty();
        server.writeQuickAck(down, 0x01020304);
        client.readFrame(ScriptedWire.of(down.writtenHex()), sink);
        assertThat(got).containsExactly(HEX.formatHex(packet) + " +ack", HEX.formatHex(packet), "ack 81020304");
        assertThat(arrays.get(0)).isNotSameAs(packet).isNotSameAs(arrays.get(1));
    }

    @Test
    void fullQuickAckAndError() throws IOException {
        ScriptedWire wire = ScriptedWire.empty();
        FrameCodec server = codec(Framing.FULL, Side.SERVER);
        server.writeQuickAck(wire, 0x01020304);
        server.writeError(wire, -404);
        assertThat(wire.writtenHex()).isEqualTo("04030281" + "10000000" + "00000000" + "6cfeffff" + "0d2f4107");
        FrameCodec client = codec(Framing.FULL, Side.CLIENT);
        ScriptedWire in = ScriptedWire.of(wire.writtenHex());
        assertThat(client.readFrame(in)).isEqualTo(new Frame.QuickAck(0x81020304));
        assertThatThrownBy(() -> client.readFrame(in))
                .isInstanceOfSatisfying(
                        TransportException.class, e -> assertThat(e.code()).isEqualTo(-404));
    }

    @Test
    void errorFramesSurfaceAsTransportExceptionWithTheCode() throws IOException {
        ScriptedWire a = ScriptedWire.empty();
        codec(Framing.ABRIDGED, Side.SERVER).writeError(a, -404);
        assertThat(a.writtenHex()).isEqualTo("01" + "6cfeffff");
        ScriptedWire i = ScriptedWire.empty();
        codec(Framing.INTERMEDIATE, Side.SERVER).writeError(i, -429);
        assertThat(i.writtenHex()).isEqualTo("04000000" + "53feffff");

        assertThatThrownBy(() -> decode(Framing.ABRIDGED, Side.CLIENT, "01 6cfeffff"))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.code()).isEqualTo(-404);
                    assertThat(e.getMessage())
                            .startsWith("server sent transport error -404: ")
                            .contains("auth key");
                });
        assertThatThrownBy(() -> decode(Framing.INTERMEDIATE, Side.CLIENT, "04000000 53feffff"))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.code()).isEqualTo(-429);
                    assertThat(e.getMessage()).contains("flood");
                });
        assertThatThrownBy(() -> decode(Framing.INTERMEDIATE, Side.CLIENT, "04000000 44feffff"))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.code()).isEqualTo(-444);
                    assertThat(e.getMessage()).contains("DC id");
                });
        // a positive 4-byte payload is an ordinary packet; a server never treats 4 bytes as an error
        assertThat(((Frame.Packet) decode(Framing.INTERMEDIATE, Side.CLIENT, "04000000 01000000")).payload())
                .isEqualTo(HEX.parseHex("01000000"));
        assertThat(((Frame.Packet) decode(Framing.INTERMEDIATE, Side.SERVER, "04000000 6cfeffff")).payload())
                .isEqualTo(HEX.parseHex("6cfeffff"));
        assertThatThrownBy(() -> codec(Framing.INTERMEDIATE, Side.SERVER).writeError(ScriptedWire.empty(), 404))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("transport error code must be negative, got 404");
    }

    @Test
    void sendSideRejectsIllegalLengths() {
        for (Framing f : Framing.values()) {
            if (f == Framing.HTTP) {
                continue; // HttpCodecTest
            }
            FrameCodec c = FrameCodec.of(f, Side.CLIENT, 64, new FixedRandom(0, 0));
            assertThatThrownBy(() -> c.writeFrame(ScriptedWire.empty(), new byte[6], 0, 6, false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(f + " payload length must be a multiple of 4, got 6");
            assertThatThrownBy(() -> c.writeFrame(ScriptedWire.empty(), new byte[68], 0, 68, false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(f + " payload of 68 bytes exceeds the maximum of 64");
            assertThatThrownBy(() -> c.writeQuickAck(ScriptedWire.empty(), 1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("a quick ack is only sent by the SERVER side");
        }
    }
}
