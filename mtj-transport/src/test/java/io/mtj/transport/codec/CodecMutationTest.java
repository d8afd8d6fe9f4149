package io.mtj.transport.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.transport.EndOfStream;
import io.mtj.transport.FixedRandom;
import io.mtj.transport.Frame;
import io.mtj.transport.FrameException;
import io.mtj.transport.FrameException.Fault;
import io.mtj.transport.FrameTooLargeException;
import io.mtj.transport.FramedTransport;
import io.mtj.transport.Framing;
import io.mtj.transport.ScriptedWire;
import io.mtj.transport.TransportClosedException;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Every decoder fed truncated, oversized, misaligned, corrupted and stalled input. */
class CodecMutationTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final int MAX = 64;

    private static FrameCodec server(Framing f) {
        return FrameCodec.of(f, Side.SERVER, MAX, new FixedRandom(5, 0x55));
    }

    /** One valid client frame of a 24-byte encrypted-shaped payload. */
    private static byte[] validFrame(Framing f) throws IOException {
        byte[] payload = new byte[24];
        Arrays.fill(payload, (byte) 0x42);
        ScriptedWire w = ScriptedWire.empty();
        FrameCodec.of(f, Side.CLIENT, MAX, new FixedRandom(5, 0x55)).writeFrame(w, payload, 0, 24, false);
        return w.written();
    }

    private static FrameException fault(Framing f, String hex) {
        ScriptedWire wire = ScriptedWire.of(hex);
        Throwable t =
                org.assertj.core.api.Assertions.catchThrowable(() -> server(f).readFrame(wire));
        assertThat(t).isInstanceOf(FrameException.class);
        return (FrameException) t;
    }

    @ParameterizedTest
    @EnumSource(value = Framing.class, mode = EnumSource.Mode.EXCLUDE, names = "HTTP") // HttpCodecTest
    void everyTruncationIsTruncatedAtTheCutOffset(Framing f) throws IOException {
        byte[] frame = validFrame(f);
        assertThat(((Frame.Packet) server(f).readFrame(new ScriptedWire(frame, 7, ScriptedWire.End.EOF))).payload())
                .hasSize(24);
        assertThatThrownBy(() -> server(f).readFrame(new ScriptedWire(new byte[0], 1, ScriptedWire.End.EOF)))
                .isInstanceOf(EndOfStream.class)
                .hasMessage("peer closed the stream after 0x0 bytes, between frames");
        for (int cut = 1; cut < frame.length; cut++) {
            ScriptedWire wire = new ScriptedWire(Arrays.copyOf(frame, cut), 5, ScriptedWire.End.EOF);
            int at = cut;
            assertThatThrownBy(() -> server(f).readFrame(wire))
                    .as("%s cut at %d", f, cut)
                    .isInstanceOfSatisfying(FrameException.class, e -> {
                        assertThat(e.fault()).isEqualTo(Fault.TRUNCATED);
                        assertThat(e.offset()).isEqualTo(at);
                        assertThat(e.getMessage())
                                .startsWith("TRUNCATED at offset 0x" + Integer.toHexString(at) + ": stream ended"
                                        + " inside the frame at 0x0 while reading ");
                    });
        }
    }

    @ParameterizedTest
    @EnumSource(value = Framing.class, mode = EnumSource.Mode.EXCLUDE, names = "HTTP") // HttpCodecTest
    void stallMidFrameIsStalledAtTheOffset(Framing f) throws IOException {
        byte[] frame = validFrame(f);
        ScriptedWire wire = new ScriptedWire(Arrays.copyOf(frame, 6), 2, ScriptedWire.End.STALL);
        FrameCodec codec = server(f).timeouts(Duration.ZERO, Duration.ofMillis(250));
        assertThatThrownBy(() -> codec.readFrame(wire)).isInstanceOfSatisfying(FrameException.class, e -> {
            assertThat(e.fault()).isEqualTo(Fault.STALLED);
            assertThat(e.offset()).isEqualTo(6);
            assertThat(e.getMessage())
                    .startsWith("STALLED at offset 0x6: peer sent nothing for 250 ms inside the frame at 0x0");
            assertThat(e.getCause()).isInstanceOf(java.net.SocketTimeoutException.class);
        });
        assertThat(wire.lastTimeout()).isEqualTo(Duration.ofMillis(250));
    }

    @ParameterizedTest
    @CsvSource({
        "ABRIDGED, 11, 68",
        "ABRIDGED, 7f000100, 1024",
        "ABRIDGED, 7fffffff, 67108860",
        "INTERMEDIATE, 44000000, 68",
        "INTERMEDIATE, fcffff7f, 2147483644",
        "PADDED_INTERMEDIATE, 56000000, 71",
        "FULL, 50000000, 68",
        "FULL, fcffff7f, 2147483632",
    })
    void oversizedFrameIsRejectedBeforeAllocation(Framing f, String header, long announced) {
        ScriptedWire wire = ScriptedWire.of(header + "00".repeat(100));
        assertThatThrownBy(() -> server(f).readFrame(wire)).isInstanceOfSatisfying(FrameTooLargeException.class, e -> {
            assertThat(e.fault()).isEqualTo(Fault.TOO_LARGE);
            assertThat(e.offset()).isZero();
            assertThat(e.length()).isEqualTo(announced);
            assertThat(e.max()).isEqualTo(MAX);
            assertThat(e.getMessage())
                    .isEqualTo("TOO_LARGE at offset 0x0: frame announces " + announced
                            + " payload bytes, the maximum is 64");
        });
        // nothing past the length field was read
        assertThat(wire.consumed()).isEqualTo(header.length() / 2);
    }

    @ParameterizedTest
    @CsvSource({
        "ABRIDGED, 00, abridged length is 0 (frames carry at least 4 bytes)",
        "ABRIDGED, 7f000000, abridged length is 0 (frames carry at least 4 bytes)",
        "INTERMEDIATE, 06000000, intermediate length 0x6 is not a positive multiple of 4",
        "INTERMEDIATE, 00000000, intermediate length 0x0 is not a positive multiple of 4",
        "PADDED_INTERMEDIATE, 03000000, padded intermediate length 0x3 is below 4",
        "FULL, 08000000, full length 0x8 must be a multiple of 4 and at least 12 (length+seqno+crc)",
        "FULL, 0e000000, full length 0xe must be a multiple of 4 and at least 12 (length+seqno+crc)",
    })
    void lengthBreakingTheRulesIsBadLength(Framing f, String header, String detail) {
        FrameException e = fault(f, header + "00".repeat(16));
        assertThat(e.fault()).isEqualTo(Fault.BAD_LENGTH);
        assertThat(e.getMessage()).isEqualTo("BAD_LENGTH at offset 0x0: " + detail);
    }

    @Test
    void fullCorruptedCrcIsBadCrcAtTheCrcField() throws IOException {
        byte[] frame = validFrame(Framing.FULL);
        for (int i = 8; i < frame.length; i++) {
            byte[] bad = frame.clone();
            bad[i] ^= 0x01;
            FrameException e = fault(Framing.FULL, HEX.formatHex(bad));
            assertThat(e.fault()).as("flipped byte %d", i).isEqualTo(Fault.BAD_CRC);
            assertThat(e.offset()).isEqualTo(0x20);
            assertThat(e.getMessage()).startsWith("BAD_CRC at offset 0x20: crc32 of the frame at 0x0 is 0x");
        }
    }

    @Test
    void fullWrongSeqnoIsBadSeqno() throws IOException {
        byte[] frame = validFrame(Framing.FULL);
        FrameException e = fault(Framing.FULL, HEX.formatHex(frame).replaceFirst("^(.{8})00000000", "$107000000"));
        assertThat(e.fault()).isEqualTo(Fault.BAD_SEQNO);
        assertThat(e.getMessage()).isEqualTo("BAD_SEQNO at offset 0x4: expected seqno 0, got 7");
        // replaying frame 0 as the second frame is caught too, at the second frame's offset
        ScriptedWire twice = ScriptedWire.of(HEX.formatHex(frame) + HEX.formatHex(frame));
        FrameCodec codec = server(Framing.FULL);
        codec.readFrame(twice);
        assertThatThrownBy(() -> codec.readFrame(twice))
                .isInstanceOf(FrameException.class)
                .hasMessage("BAD_SEQNO at offset 0x28: expected seqno 1, got 0");
    }

    @Test
    void offsetsCountFromTheStreamStart() throws IOException {
        byte[] good = validFrame(Framing.INTERMEDIATE);
        ScriptedWire wire = ScriptedWire.of(HEX.formatHex(good) + "05000000");
        FrameCodec codec = server(Framing.INTERMEDIATE).receivedOffset(4); // after the 0xeeeeeeee tag
        codec.readFrame(wire);
        assertThatThrownBy(() -> codec.readFrame(wire))
                .isInstanceOf(FrameException.class)
                .hasMessage("BAD_LENGTH at offset 0x20: intermediate length 0x5 is not a positive multiple of 4");
    }

    @Test
    void transportClosesOnMalformedFrameAndDeliversNothingAfter() throws IOException {
        byte[] good = validFrame(Framing.INTERMEDIATE);
        ScriptedWire wire = ScriptedWire.of(HEX.formatHex(good) + "05000000" + HEX.formatHex(good));
        FramedTransport t = FramedTransport.server(wire, server(Framing.INTERMEDIATE));
        assertThat(t.receive()).isInstanceOf(Frame.Packet.class);
        assertThatThrownBy(t::receive).isInstanceOf(FrameException.class);
        assertThat(wire.closed()).isTrue();
        assertThat(t.isOpen()).isFalse();
        assertThatThrownBy(t::receive)
                .isInstanceOf(TransportClosedException.class)
                .hasMessage("transport is closed")
                .hasCauseInstanceOf(FrameException.class);
        assertThatThrownBy(() -> t.send(good)).isInstanceOf(TransportClosedException.class);
    }
}
