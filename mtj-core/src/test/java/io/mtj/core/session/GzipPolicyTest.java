package io.mtj.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.tl.TlGzip;
import io.mtj.tl.TlReader;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GzipPolicyTest {
    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    private static byte[] text(int n) {
        StringBuilder s = new StringBuilder();
        SplittableRandom r = new SplittableRandom(5);
        String[] words = {"message", "channel", "photo", "the", "of", "user", "document", "a", "sticker", "reply"};
        while (s.length() < n) {
            s.append(words[r.nextInt(words.length)]).append(' ');
        }
        return s.substring(0, n).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void incompressiblePartsGoAsTheyAreWithoutBeingDeflated() {
        for (int size : new int[] {512, 4096, 4097, 100_000, 512 * 1024 + 24}) {
            byte[] body = random(size, size);
            assertThat(GzipPolicy.bitsPerByte(body)).as("size %d", size).isGreaterThan(7.5);
            assertThat(GzipPolicy.maybePack(body, 512)).isSameAs(body);
        }
    }

    @Test
    void compressibleBodiesArePackedAndReadBack() throws Exception {
        byte[] body = text(200_000);
        assertThat(GzipPolicy.bitsPerByte(body)).isLessThan(4.5);
        byte[] packed = GzipPolicy.maybePack(body, 512);
        assertThat(packed.length).isLessThan(body.length / 2);
        TlReader in = new TlReader(packed);
        assertThat(in.readInt()).isEqualTo(TlGzip.GZIP_PACKED_ID);
        assertThat(in.readGzipPacked(0).readRemaining()).isEqualTo(body);
    }

    @Test
    void shortBodiesAndBodiesPackingCannotShrinkStayAsTheyAre() {
        byte[] small = text(511);
        assertThat(GzipPolicy.maybePack(small, 512)).isSameAs(small);
        // two symbols at random: one bit per byte, which deflate's Huffman stage finds too
        byte[] twoSymbols = new byte[600];
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < twoSymbols.length; i++) {
            twoSymbols[i] = (byte) (r.nextBoolean() ? 'a' : 'b');
        }
        assertThat(GzipPolicy.bitsPerByte(twoSymbols)).isLessThan(1.01);
        byte[] out = GzipPolicy.maybePack(twoSymbols, 512);
        assertThat(out.length).isLessThan(twoSymbols.length / 3);
    }

    @Test
    void entropyOfKnownSamples() {
        assertThat(GzipPolicy.bitsPerByte(new byte[0])).isZero();
        assertThat(GzipPolicy.bitsPerByte(new byte[1000])).isZero();
        byte[] all = new byte[256 * 16];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        assertThat(GzipPolicy.bitsPerByte(all)).isCloseTo(8.0, org.assertj.core.data.Offset.offset(1e-9));
    }
}
