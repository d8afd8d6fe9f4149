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

    /**
     * mtcute 0.30.3 packs requests with node's deflateSync: a zlib stream, not gzip. Telegram reads them, so the test
     * DC (which reads requests with TlGzip) must: the DC answered bad_msg_notification 64 to mtcute's download
     * connections.
     */
    @Test
    void aZlibStreamAsMtcuteSendsItInflatesToo() throws TlDecodeException {
        TestPair pair = new TestPair(3, "z".repeat(700));
        byte[] plain = pair.toByteArray();
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(); // zlib format, as node's deflateSync
        deflater.setInput(plain);
        deflater.finish();
        byte[] buffer = new byte[4096];
        int n = deflater.deflate(buffer);
        deflater.end();
        byte[] zlib = Arrays.copyOf(buffer, n);
        assertThat(Hex.of(Arrays.copyOf(zlib, 2))).isEqualTo("789c");
        assertThat(TlGzip.inflate(zlib, 1000, "t")).isEqualTo(plain);
        byte[] packed =
                new TlWriter().writeInt(TlGzip.GZIP_PACKED_ID).writeBytes(zlib).toByteArray();
        assertThat(TestPair.registry().decode(packed)).isEqualTo(pair);
        // the bound holds for zlib as for gzip
        assertThatThrownBy(() -> TlGzip.inflate(zlib, plain.length - 1, "at offset 0x8"))
                .hasMessage("gzip_packed at offset 0x8 inflates to more than the limit of 0x"
                        + Integer.toHexString(plain.length - 1) + " bytes");
    }

    @Test
    void onlyAValidZlibHeaderIsReadAsZlib() {
        assertThat(TlGzip.zlibHeader(new byte[] {0x78, (byte) 0x9c})).isTrue(); // default level
        assertThat(TlGzip.zlibHeader(new byte[] {0x78, 0x01})).isTrue(); // fastest
        assertThat(TlGzip.zlibHeader(new byte[] {0x78, (byte) 0xda})).isTrue(); // best
        assertThat(TlGzip.zlibHeader(new byte[] {0x1f, (byte) 0x8b})).isFalse(); // gzip
        assertThat(TlGzip.zlibHeader(new byte[] {0x78, (byte) 0x9d})).isFalse(); // check bits wrong
        assertThat(TlGzip.zlibHeader(new byte[] {(byte) 0x88, (byte) 0x98})).isFalse(); // window over 32 KiB
        assertThat(TlGzip.zlibHeader(new byte[] {0x78})).isFalse();
    }
}
