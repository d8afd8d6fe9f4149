package io.mtj.tl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** gzip_packed#3072cfa1 written and read, with the inflation bound. */
class TlGzipTest {

    @Test
    void packWritesIdThenCompressedBytes() throws TlDecodeException {
        TestPair pair = new TestPair(7, "gzip me");
        byte[] packed = TlGzip.pack(pair);
        assertThat(Hex.of(Arrays.copyOf(packed, 4))).isEqualTo("a1cf7230");
        TlReader in = new TlReader(packed);
        assertThat(in.readInt()).isEqualTo(TlGzip.GZIP_PACKED_ID);
        byte[] gz = in.readBytes();
        // gzip magic 1f 8b, and the content inflates to the boxed object
        assertThat(gz[0]).isEqualTo((byte) 0x1f);
        assertThat(gz[1]).isEqualTo((byte) 0x8b);
        assertThat(TlGzip.inflate(gz, 1000, "test")).isEqualTo(pair.toByteArray());
        in.expectEnd();
    }

    @Test
    void readObjectInflatesGzipPacked() throws TlDecodeException {
        TestPair pair = new TestPair(9, "x".repeat(500));
        assertThat(TestPair.registry().decode(TlGzip.pack(pair))).isEqualTo(pair);
    }

    @Test
    void unwrapGzipReturnsTheSameReaderForPlainValues() throws TlDecodeException {
        byte[] vector = new TlWriter().writeIntVector(java.util.List.of(1, 2)).toByteArray();
        TlReader plain = new TlReader(vector);
        assertThat(plain.unwrapGzip()).isSameAs(plain);
        assertThat(new TlReader(TlGzip.pack(vector)).unwrapGzip().readIntVector())
                .containsExactly(1, 2);
    }

    @Test
    void inflateBombIsBounded() {
        // 1 MiB of zeros compresses to about 1 KiB; a 64 KiB bound must stop the inflation early
        byte[] bomb = new TlWriter()
                .writeInt(TlGzip.GZIP_PACKED_ID)
                .writeBytes(TlGzip.compress(new byte[1 << 20]))
                .toByteArray();
        TlReader in = new TlReader(bomb, 0, bomb.length, TestPair.registry(), 0x10000);
        assertThatThrownBy(in::readObject)
                .isInstanceOf(TlDecodeException.class)
                .hasMessage("gzip_packed at offset 0x0 inflates to more than the limit of 0x10000 bytes");
    }

    @Test
    void exactlyTheBoundIsAccepted() throws TlDecodeException {
        byte[] plain = TlWriterTest.filled(4096, 1);
        assertThat(TlGzip.inflate(TlGzip.compress(plain), 4096, "t")).isEqualTo(plain);
        assertThatThrownBy(() -> TlGzip.inflate(TlGzip.compress(plain), 4095, "at offset 0x4"))
                .hasMessage("gzip_packed at offset 0x4 inflates to more than the limit of 0xfff bytes");
    }

    @Test
    void nestedGzipIsRejected() {
        byte[] twice = TlGzip.pack(TlGzip.pack(new TestPair(1, "a")));
        assertThatThrownBy(() -> TestPair.registry().decode(twice))
                .isInstanceOf(TlDecodeException.class)
                .hasMessage("nested gzip_packed at offset 0x0 is not allowed");
    }

    @Test
    void corruptGzipIsATypedError() {
        byte[] bad = new TlWriter()
                .writeInt(TlGzip.GZIP_PACKED_ID)
                .writeBytes(Hex.bytes("0001020304"))
                .toByteArray();
        assertThatThrownBy(() -> TestPair.registry().decode(bad))
                .isInstanceOf(TlDecodeException.class)
                .hasMessageStartingWith("gzip_packed at offset 0x0 is not a valid gzip stream: ");
    }
}
