package io.mtj.tl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoding of every primitive and the exact messages for malformed input. */
class TlReaderTest {

    @Test
    void primitivesRoundTrip() throws TlDecodeException {
        byte[] int128 = Hex.bytes("ffeeddccbbaa99887766554433221100");
        byte[] int256 = TlWriterTest.filled(32, 0x7e);
        byte[] data = new TlWriter()
                .writeInt(-123456)
                .writeLong(Long.MIN_VALUE)
                .writeDouble(-0.5)
                .writeBool(true)
                .writeBool(false)
                .writeInt128(int128)
                .writeInt256(int256)
                .writeString("ünïcode")
                .writeBytes(TlWriterTest.filled(254, 9))
                .toByteArray();
        TlReader in = new TlReader(data);
        assertThat(in.readInt()).isEqualTo(-123456);
        assertThat(in.readLong()).isEqualTo(Long.MIN_VALUE);
        assertThat(in.readDouble()).isEqualTo(-0.5);
        assertThat(in.readBool()).isTrue();
        assertThat(in.readBool()).isFalse();
        assertThat(in.readInt128()).isEqualTo(int128);
        assertThat(in.readInt256()).isEqualTo(int256);
        assertThat(in.readString()).isEqualTo("ünïcode");
        assertThat(in.readBytes()).isEqualTo(TlWriterTest.filled(254, 9));
        assertThat(in.remaining()).isZero();
        in.expectEnd();
    }

    @Test
    void bytesConsumeTheirPadding() throws TlDecodeException {
        TlReader in = new TlReader(Hex.bytes("01aa0000" + "07000000"));
        assertThat(in.readBytes()).isEqualTo(Hex.bytes("aa"));
        assertThat(in.position()).isEqualTo(4);
        assertThat(in.readInt()).isEqualTo(7);
    }

    @Test
    void bytesAt253And254And300Boundaries() throws TlDecodeException {
        for (int n : new int[] {0, 1, 3, 4, 253, 254, 255, 300, 1000}) {
            byte[] data = TlWriterTest.filled(n, n);
            byte[] wire = new TlWriter().writeBytes(data).toByteArray();
            assertThat(wire.length % 4).as("padding for %d", n).isZero();
            TlReader in = new TlReader(wire);
            assertThat(in.readBytes()).as("length %d", n).isEqualTo(data);
            assertThat(in.remaining()).isZero();
        }
    }

    @Test
    void windowOffsetsAreRelative() throws TlDecodeException {
        byte[] data = Hex.bytes("ffffffff" + "02000000" + "03000000");
        TlReader in = new TlReader(data, 4, 4);
        assertThat(in.position()).isZero();
        assertThat(in.readInt()).isEqualTo(2);
        assertThatThrownBy(in::readInt)
                .isInstanceOf(TlDecodeException.class)
                .hasMessage("int at offset 0x4 needs 0x4 bytes, only 0x0 remaining");
    }

    @Test
    void truncatedPrimitives() {
        assertThatThrownBy(() -> new TlReader(Hex.bytes("0102")).readInt())
                .isInstanceOf(TlDecodeException.class)
                .hasMessage("int at offset 0x0 needs 0x4 bytes, only 0x2 remaining");
        assertThatThrownBy(() -> new TlReader(Hex.bytes("01020304050607")).readLong())
                .hasMessage("long at offset 0x0 needs 0x8 bytes, only 0x7 remaining");
        assertThatThrownBy(() -> new TlReader(new byte[15]).readInt128())
                .hasMessage("int128 at offset 0x0 needs 0x10 bytes, only 0xf remaining");
        assertThatThrownBy(() -> new TlReader(new byte[31]).readInt256())
                .hasMessage("int256 at offset 0x0 needs 0x20 bytes, only 0x1f remaining");
        assertThatThrownBy(() -> new TlReader(new byte[0]).readBytes())
                .hasMessage("bytes length at offset 0x0 needs 0x1 bytes, only 0x0 remaining");
    }

    @Test
    void bytesLengthPastEnd() throws TlDecodeException {
        // 0x40 bytes of something, then a long-form length 0x1234 with only 0x20 data bytes behind it
        byte[] data = new byte[0x40 + 4 + 0x20];
        data[0x40] = (byte) 0xfe;
        data[0x41] = 0x34;
        data[0x42] = 0x12;
        TlReader in = new TlReader(data);
        in.skip(0x40);
        assertThatThrownBy(in::readBytes)
                .isInstanceOf(TlDecodeException.class)
                .hasMessage("bytes length 0x1234 at offset 0x40 exceeds the 0x20 bytes remaining");
        // short form: length 5, but only 2 data bytes
        assertThatThrownBy(() -> new TlReader(Hex.bytes("05aabb")).readBytes())
                .hasMessage("bytes length 0x5 at offset 0x0 exceeds the 0x2 bytes remaining");
        // data present but padding missing: 1 + 5 = 6 needs 8
        assertThatThrownBy(() -> new TlReader(Hex.bytes("05aabbccddee")).readBytes())
                .hasMessage("bytes length 0x5 at offset 0x0 exceeds the 0x5 bytes remaining");
    }

    @Test
    void invalidLengthMarker() {
        assertThatThrownBy(() -> new TlReader(Hex.bytes("ff000000")).readBytes())
                .isInstanceOf(TlDecodeException.class)
                .hasMessage("invalid bytes length marker 0xff at offset 0x0");
    }

    @Test
    void badBool() {
        assertThatThrownBy(() -> new TlReader(Hex.bytes("00000000")).readBool())
                .isInstanceOf(TlDecodeException.class)
                .hasMessage("expected Bool (0x997275b5 or 0xbc799737) at offset 0x0, found 0x00000000");
    }

    @Test
    void vectors() throws TlDecodeException {
        byte[] data = new TlWriter()
                .writeLongVector(List.of(3L, 4L))
                .writeBareVector(List.of("x", "yz"), TlWriter::writeString)
                .toByteArray();
        TlReader in = new TlReader(data);
        assertThat(in.readLongVector()).containsExactly(3L, 4L);
        assertThat(in.readBareVector(TlReader::readString, 4)).containsExactly("x", "yz");
        in.expectEnd();
    }

    @Test
    void badVectorId() {
        byte[] data = Hex.bytes("00000000000000000000000000000000" + "78563412" + "00000000");
        TlReader in = new TlReader(data);
        assertThatThrownBy(() -> {
                    in.skip(0x10);
                    in.readLongVector();
                })
                .isInstanceOf(TlDecodeException.class)
                .hasMessage("expected vector id 0x1cb5c415 at offset 0x10, found 0x12345678");
    }

    @Test
    void vectorCountIsBoundedBeforeAllocating() {
        // a count of 0x40000000 longs with 0x10 bytes left must fail without allocating 8 GiB
        byte[] data = Hex.bytes("15c4b51c" + "00000040" + "00000000000000000000000000000000");
        assertThatThrownBy(() -> new TlReader(data).readLongVector())
                .isInstanceOf(TlDecodeException.class)
                .hasMessage(
                        "vector count 0x40000000 at offset 0x4 needs at least 0x200000000 bytes, only 0x10 remaining");
        assertThatThrownBy(() -> new TlReader(Hex.bytes("15c4b51c" + "ffffffff")).readIntVector())
                .hasMessage("negative vector count -1 at offset 0x4");
    }

    @Test
    void unknownConstructorAndTrailingBytes() throws TlDecodeException {
        byte[] data = Hex.bytes("0000000000000000" + "efbeadde");
        TlReader in = new TlReader(data, TestPair.registry());
        in.skip(8);
        assertThatThrownBy(in::readObject)
                .isInstanceOf(TlDecodeException.class)
                .hasMessage("unknown constructor 0xdeadbeef at offset 0x8 (expected Object)");
        assertThatThrownBy(() -> TestPair.registry().decode(Hex.bytes("44332211" + "05000000" + "01780000" + "00")))
                .hasMessage("0x1 trailing bytes at offset 0xc");
    }

    @Test
    void objectThroughRegistry() throws TlDecodeException {
        TestPair pair = new TestPair(42, "hello");
        assertThat(TestPair.registry().decode(pair.toByteArray())).isEqualTo(pair);
    }

    @Test
    void readMethodRejectsAPlainConstructor() {
        TlReader in = new TlReader(new TestPair(1, "").toByteArray(), TestPair.registry());
        assertThatThrownBy(in::readMethod)
                .isInstanceOf(TlDecodeException.class)
                .hasMessage("expected a method call at offset 0x0, found constructor 0x11223344");
    }

    @Test
    void rawReadsAreBounded() throws TlDecodeException {
        TlReader in = new TlReader(Hex.bytes("01020304"));
        assertThatThrownBy(() -> in.readRaw(5))
                .hasMessage("raw length 0x5 at offset 0x0 exceeds the 0x4 bytes remaining");
        assertThatThrownBy(() -> in.readRaw(-1)).hasMessage("negative raw length -1 at offset 0x0");
        assertThat(in.readRaw(2)).isEqualTo(Hex.bytes("0102"));
        assertThat(in.readRemaining()).isEqualTo(Hex.bytes("0304"));
    }
}
