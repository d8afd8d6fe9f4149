package io.mtj.tl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact bytes written for every primitive; expected values are hand-computed from the TL binary rules. */
class TlWriterTest {

    private static String hex(TlWriter w) {
        return Hex.of(w.toByteArray());
    }

    @Test
    void intLongDoubleAreLittleEndian() {
        assertThat(hex(new TlWriter().writeInt(0x01020304))).isEqualTo("04030201");
        assertThat(hex(new TlWriter().writeInt(-2))).isEqualTo("feffffff");
        assertThat(hex(new TlWriter().writeLong(0x0102030405060708L))).isEqualTo("0807060504030201");
        // IEEE 754: 1.0 = 0x3ff0000000000000
        assertThat(hex(new TlWriter().writeDouble(1.0))).isEqualTo("000000000000f03f");
    }

    @Test
    void boolIsBoxedConstructor() {
        assertThat(hex(new TlWriter().writeBool(true))).isEqualTo("b5757299");
        assertThat(hex(new TlWriter().writeBool(false))).isEqualTo("379779bc");
    }

    @Test
    void int128AndInt256AreRawBytesInOrder() {
        byte[] v16 = Hex.bytes("000102030405060708090a0b0c0d0e0f");
        assertThat(hex(new TlWriter().writeInt128(v16))).isEqualTo("000102030405060708090a0b0c0d0e0f");
        byte[] v32 = new byte[32];
        Arrays.fill(v32, (byte) 0x5a);
        assertThat(new TlWriter().writeInt256(v32).toByteArray()).isEqualTo(v32);
        assertThatThrownBy(() -> new TlWriter().writeInt128(new byte[15]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("int128 needs 16 bytes, got 15");
        assertThatThrownBy(() -> new TlWriter().writeInt256(new byte[16]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("int256 needs 32 bytes, got 16");
    }

    @Test
    void shortBytesArePaddedToFour() {
        assertThat(hex(new TlWriter().writeBytes(new byte[0]))).isEqualTo("00000000");
        assertThat(hex(new TlWriter().writeBytes(Hex.bytes("aa")))).isEqualTo("01aa0000");
        assertThat(hex(new TlWriter().writeBytes(Hex.bytes("aabbcc")))).isEqualTo("03aabbcc");
        assertThat(hex(new TlWriter().writeBytes(Hex.bytes("aabbccdd")))).isEqualTo("04aabbccdd000000");
    }

    @Test
    void bytesOf253UseTheOneByteForm() {
        byte[] data = filled(253, 0x11);
        byte[] out = new TlWriter().writeBytes(data).toByteArray();
        // 1 length byte + 253 data = 254 -> padded to 256
        assertThat(out).hasSize(256);
        assertThat(out[0]).isEqualTo((byte) 0xfd);
        assertThat(Arrays.copyOfRange(out, 1, 254)).isEqualTo(data);
        assertThat(Arrays.copyOfRange(out, 254, 256)).containsExactly(0, 0);
    }

    @Test
    void bytesOf254UseTheLongForm() {
        byte[] data = filled(254, 0x22);
        byte[] out = new TlWriter().writeBytes(data).toByteArray();
        // 0xfe + 3-byte LE length 0x0000fe, 254 data = 258 -> padded to 260
        assertThat(out).hasSize(260);
        assertThat(Hex.of(Arrays.copyOfRange(out, 0, 4))).isEqualTo("fefe0000");
        assertThat(Arrays.copyOfRange(out, 4, 258)).isEqualTo(data);
        assertThat(Arrays.copyOfRange(out, 258, 260)).containsExactly(0, 0);
    }

    @Test
    void bytesOf300HaveHandCheckedHeaderAndNoPadding() {
        byte[] data = filled(300, 0x33);
        byte[] out = new TlWriter().writeBytes(data).toByteArray();
        // 300 = 0x012c -> fe 2c 01 00; 4 + 300 = 304, already a multiple of 4
        assertThat(out).hasSize(304);
        assertThat(Hex.of(Arrays.copyOfRange(out, 0, 4))).isEqualTo("fe2c0100");
        assertThat(Arrays.copyOfRange(out, 4, 304)).isEqualTo(data);
    }

    @Test
    void stringIsUtf8Bytes() {
        // "hé" = 68 c3 a9 -> length 3
        assertThat(hex(new TlWriter().writeString("hé"))).isEqualTo("0368c3a9");
    }

    @Test
    void vectorsBoxedAndBare() {
        assertThat(hex(new TlWriter().writeLongVector(List.of(1L, -1L))))
                .isEqualTo("15c4b51c" + "02000000" + "0100000000000000" + "ffffffffffffffff");
        assertThat(hex(new TlWriter().writeIntVector(List.of(7)))).isEqualTo("15c4b51c" + "01000000" + "07000000");
        assertThat(hex(new TlWriter().writeVector(List.of("a"), TlWriter::writeString)))
                .isEqualTo("15c4b51c" + "01000000" + "01610000");
        assertThat(hex(new TlWriter().writeBareVector(List.of(5, 6), TlWriter::writeInt)))
                .isEqualTo("02000000" + "05000000" + "06000000");
        assertThat(hex(new TlWriter().writeVector(List.<Integer>of(), TlWriter::writeInt)))
                .isEqualTo("15c4b51c00000000");
    }

    @Test
    void resetReusesTheBufferAndGrowthKeepsContent() {
        TlWriter w = new TlWriter(0);
        for (int i = 0; i < 1000; i++) {
            w.writeInt(i);
        }
        assertThat(w.size()).isEqualTo(4000);
        byte[] all = w.toByteArray();
        assertThat(intAt(all, 999 * 4)).isEqualTo(999);
        w.reset();
        assertThat(w.size()).isZero();
        assertThat(hex(w.writeInt(1))).isEqualTo("01000000");
    }

    @Test
    void objectIsIdThenBody() {
        assertThat(hex(new TlWriter().writeObject(new TestPair(5, "x"))))
                .isEqualTo("44332211" + "05000000" + "01780000");
    }

    @Test
    void tooLongBytesAreRefused() {
        assertThatThrownBy(() -> new TlWriter().writeBytes(new byte[1], 0, 0x1000000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TL bytes length 0x1000000 exceeds the maximum 0xffffff");
    }

    static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** Reads an int at an absolute offset, independently of TlReader, to check growth kept the content. */
    private static int intAt(byte[] data, int offset) {
        return (data[offset] & 0xff)
                | (data[offset + 1] & 0xff) << 8
                | (data[offset + 2] & 0xff) << 16
                | (data[offset + 3] & 0xff) << 24;
    }
}
