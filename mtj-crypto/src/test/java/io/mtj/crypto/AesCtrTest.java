package io.mtj.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AesCtrTest {
    // NIST SP 800-38A, F.5.5 CTR-AES256.Encrypt
    private static final byte[] KEY = Hex.bytes("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
    private static final byte[] COUNTER = Hex.bytes("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
    private static final byte[] PLAIN = Hex.bytes("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
            + "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");
    private static final byte[] CIPHER = Hex.bytes("601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5"
            + "2b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6");

    @Test
    void nistSp80038aF55Ctr256Vector() {
        byte[] out = new byte[PLAIN.length];
        new AesCtr(KEY, COUNTER).apply(PLAIN, 0, PLAIN.length, out, 0);
        assertThat(out).isEqualTo(CIPHER);
    }

    @Test
    void nistVectorStreamedInUnevenPiecesAndThroughByteBuffers() {
        AesCtr ctr = new AesCtr(KEY, COUNTER);
        byte[] buf = PLAIN.clone();
        ctr.apply(buf, 0, 5);
        ctr.apply(buf, 5, 27);
        ByteBuffer direct = ByteBuffer.allocateDirect(32).put(buf, 32, 32).flip();
        ctr.apply(direct);
        assertThat(direct.position()).isEqualTo(32);
        direct.get(0, buf, 32, 32);
        assertThat(buf).isEqualTo(CIPHER);
    }

    @Test
    void largeInputAcrossSlicesEqualsPieceByPiece() {
        SplittableRandom random = new SplittableRandom(3);
        byte[] data = new byte[3 * AesCtr.SLICE + 123];
        random.nextBytes(data);
        byte[] whole = data.clone();
        new AesCtr(KEY, COUNTER).apply(whole, 0, whole.length);
        AesCtr pieces = new AesCtr(KEY, COUNTER);
        byte[] split = data.clone();
        int off = 0;
        for (int step : new int[] {1, 15, 16, 17, 1000, AesCtr.SLICE, AesCtr.SLICE + 1}) {
            pieces.apply(split, off, step);
            off += step;
        }
        pieces.apply(ByteBuffer.wrap(split, off, split.length - off));
        assertThat(split).isEqualTo(whole);
    }
}
