package io.mtj.transport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.transport.EndOfStream;
import io.mtj.transport.FixedRandom;
import io.mtj.transport.Frame;
import io.mtj.transport.FrameException;
import io.mtj.transport.FrameException.Fault;
import io.mtj.transport.Framing;
import io.mtj.transport.ScriptedWire;
import io.mtj.transport.Wire;
import io.mtj.transport.codec.FrameCodec;
import io.mtj.transport.codec.Side;
import io.mtj.transport.obfs.ObfuscatedWire;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Protocol detection: every framing, plain and obfuscated, with and without MTProxy secrets. */
class TransportAcceptorTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] SECRET_A = HEX.parseHex("0f0e0d0c0b0a09080706050403020100");
    private static final byte[] SECRET_B = HEX.parseHex("00112233445566778899aabbccddeeff");
    private static final byte[] RANDOM = HEX.parseHex("11161b20252a2f34393e43484d52575c61666b70757a7f84898e93989da2a7ac"
            + "b1b6bbc0c5cacfd4d9dee3e8edf2f7fc01060b10151a1f24292e33383d42474c");

    enum Mode {
        PLAIN,
        OBFUSCATED,
        SECRET
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Framing f : Framing.values()) {
            for (Mode m : Mode.values()) {
                if (f == Framing.HTTP) {
                    continue; // request and answer in turn: HttpCodecTest
                }
                if (f != Framing.FULL || m == Mode.PLAIN) {
                    out.add(Arguments.of(f, m));
                }
            }
        }
        return out.stream();
    }

    private static byte[] packet(int first, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (first + i);
        }
        return b;
    }

    /** What a client of framing {@code f} sends: tag or header, then two packets. */
    private static byte[] clientBytes(Framing f, Mode m) throws IOException {
        ScriptedWire out = ScriptedWire.empty();
        FrameCodec codec = FrameCodec.of(f, Side.CLIENT, 1 << 16, new FixedRandom(9, 0x77));
        Wire w = out;
        if (m == Mode.PLAIN) {
            codec.writeTag(out);
        } else {
            w = ObfuscatedWire.client(out, RANDOM, f, -10002, m == Mode.SECRET ? SECRET_B : null);
        }
        codec.writeFrame(w, packet(1, 40), 0, 40, false);
        codec.writeFrame(w, packet(0x50, 56), 0, 56, true);
        w.flush();
        return out.written();
    }

    private static TransportAcceptor acceptor() {
        return TransportAcceptor.builder()
                .secret(SECRET_A)
                .secret(SECRET_B)
                .maxFrame(1 << 16)
                .build();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void detectsFramingReadingNoByteTooMany(Framing f, Mode m) throws IOException {
        ScriptedWire wire = new ScriptedWire(clientBytes(f, m), 1000, ScriptedWire.End.EOF);
        Accepted a = acceptor().accept(wire);
        assertThat(a.framing()).isEqualTo(f);
        assertThat(a.obfuscated()).isEqualTo(m != Mode.PLAIN);
        assertThat(a.dcId()).isEqualTo(m == Mode.PLAIN ? 0 : -10002);
        assertThat(a.secretIndex()).isEqualTo(m == Mode.SECRET ? 1 : -1);
        int expectedConsumed =
                switch (m) {
                    case PLAIN ->
                        switch (f) {
                            case ABRIDGED -> 1;
                            case INTERMEDIATE, PADDED_INTERMEDIATE -> 4;
                            case FULL -> 8;
                            case HTTP -> 4;
                        };
                    default -> 64;
                };
        assertThat(wire.consumed()).isEqualTo(expectedConsumed);
        Frame.Packet first = (Frame.Packet) a.transport().receive();
        assertThat(first.payload()).isEqualTo(packet(1, 40));
        assertThat(first.quickAckRequested()).isFalse();
        Frame.Packet second = (Frame.Packet) a.transport().receive();
        assertThat(second.payload()).isEqualTo(packet(0x50, 56));
        assertThat(second.quickAckRequested()).isTrue();
        assertThatThrownBy(() -> a.transport().receive()).isInstanceOf(EndOfStream.class);
    }

    @Test
    void obfuscatedWithoutSecretIsRefusedWhenSecretsAreRequired() throws IOException {
        TransportAcceptor strict = TransportAcceptor.builder()
                .secret(SECRET_A)
                .allowNoSecret(false)
                .build();
        ScriptedWire wire =
                new ScriptedWire(clientBytes(Framing.INTERMEDIATE, Mode.OBFUSCATED), 64, ScriptedWire.End.EOF);
        assertThatThrownBy(() -> strict.accept(wire))
                .isInstanceOf(FrameException.class)
                .hasMessage("UNKNOWN_TAG at offset 0x38: obfuscation header decrypts to no known protocol tag"
                        + " (expected ef/ee/dd x4) with any of 1 key candidate(s)");
        assertThat(wire.closed()).isTrue();
    }

    @Test
    void plainFramingRefusedWhenObfuscationRequired() throws IOException {
        TransportAcceptor proxyLike =
                TransportAcceptor.builder().requireObfuscation(true).build();
        ScriptedWire wire = new ScriptedWire(clientBytes(Framing.INTERMEDIATE, Mode.PLAIN), 64, ScriptedWire.End.EOF);
        assertThatThrownBy(() -> proxyLike.accept(wire))
                .isInstanceOf(FrameException.class)
                .hasMessage(
                        "UNKNOWN_TAG at offset 0x0: plain INTERMEDIATE tag refused: this port requires obfuscation");
        assertThat(wire.closed()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "474554202f20485454502f312e31, UNKNOWN_TAG, 0, the client speaks HTTP but not POST (the MTProto HTTP transport is POST /api)",
        "160301020001fc0303, UNKNOWN_TAG, 0, a TLS record header: unwrap fake-TLS before detection",
        "0a00000000000000, UNKNOWN_TAG, 0, seqno 0 suggests the full framing but its length 0xa is not a multiple of"
                + " 4 within 12..max+12",
        "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e, TRUNCATED, 30, stream ended during protocol"
                + " detection after 30 bytes",
        "eeee, TRUNCATED, 2, stream ended during protocol detection after 2 bytes",
    })
    void refusesWhatIsNoMtprotoFraming(String hex, Fault fault, int offset, String detail) {
        ScriptedWire wire = new ScriptedWire(HEX.parseHex(hex), 64, ScriptedWire.End.EOF);
        assertThatThrownBy(() -> acceptor().accept(wire)).isInstanceOfSatisfying(FrameException.class, e -> {
            assertThat(e.fault()).isEqualTo(fault);
            assertThat(e.offset()).isEqualTo(offset);
            assertThat(e.getMessage()).isEqualTo(fault + " at offset 0x" + Integer.toHexString(offset) + ": " + detail);
        });
        assertThat(wire.closed()).isTrue();
    }

    @Test
    void stalledHeaderAndEmptyConnection() {
        ScriptedWire stalled = new ScriptedWire(packet(1, 10), 4, ScriptedWire.End.STALL);
        assertThatThrownBy(() -> acceptor().accept(stalled)).isInstanceOfSatisfying(FrameException.class, e -> {
            assertThat(e.fault()).isEqualTo(Fault.STALLED);
            assertThat(e.offset()).isEqualTo(10);
        });
        assertThat(stalled.closed()).isTrue();
        ScriptedWire empty = ScriptedWire.empty();
        assertThatThrownBy(() -> acceptor().accept(empty)).isInstanceOf(EndOfStream.class);
        assertThat(empty.closed()).isTrue();
    }
}
