package io.mtj.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DigestsTest {

    @Test
    void samplesAuthKeySha1OfPqInnerData() {
        // p_q_inner_data#83c95aec pq:string p:string q:string nonce server_nonce new_nonce, as the page lays it out
        byte[] constructor = Hex.bytes("ec5ac983");
        byte[] pq = Hex.bytes("0817ED48941A08F981000000");
        byte[] p = Hex.bytes("04494C553B000000");
        byte[] q = Hex.bytes("0453911073000000");
        byte[] sha = Digests.sha1(
                constructor,
                pq,
                p,
                q,
                Hex.bytes(SamplesAuthKey.NONCE),
                Hex.bytes(SamplesAuthKey.SERVER_NONCE),
                Hex.bytes(SamplesAuthKey.NEW_NONCE));
        assertThat(sha).isEqualTo(Hex.bytes(SamplesAuthKey.SHA1_OF_PQ_INNER_DATA));
    }

    @Test
    void fips180KnownAnswersOverSplitInput() {
        // FIPS 180-2 appendix examples: "abc"
        byte[] ab = "ab".getBytes(StandardCharsets.US_ASCII);
        byte[] c = "c".getBytes(StandardCharsets.US_ASCII);
        assertThat(Hex.of(Digests.sha1(ab, c))).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
        assertThat(Hex.of(Digests.sha256(ab, c)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        byte[] abc = "xabcx".getBytes(StandardCharsets.US_ASCII);
        assertThat(Digests.sha256(abc, 1, 3)).isEqualTo(Digests.sha256(ab, c));
        assertThat(Digests.sha1(abc, 1, 3)).isEqualTo(Digests.sha1(ab, c));
    }

    @Test
    void crc32CheckValue() {
        // the CRC-32 check value of "123456789" (reveng catalogue, CRC-32/ISO-HDLC)
        byte[] data = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(Crc32.of(data)).isEqualTo(0xCBF43926);
        assertThat(Crc32.of(ByteBuffer.wrap(data))).isEqualTo(0xCBF43926);
        byte[] padded = "--123456789--".getBytes(StandardCharsets.US_ASCII);
        assertThat(Crc32.of(padded, 2, 9)).isEqualTo(0xCBF43926);
    }

    @Test
    void hashedDataWrapsAndUnwraps() throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        for (int len = 0; len < 60; len++) {
            byte[] data = Hex.counting(len);
            byte[] block = HashedData.wrapToBlock(data, random);
            assertThat(block.length % 16).isZero();
            assertThat(block.length - 20 - len).isBetween(0, 15);
            assertThat(HashedData.unwrap(block, 15)).isEqualTo(data);
        }
        byte[] fixed = HashedData.wrap(Hex.counting(10), 255, random);
        assertThat(fixed).hasSize(255);
        assertThat(HashedData.unwrap(fixed, 235)).isEqualTo(Hex.counting(10));
    }

    @Test
    void hashedDataRejectsWrongHashAndTooMuchPadding() {
        byte[] block = HashedData.wrap(Hex.counting(10), 64, new SplittableRandom(1));
        assertThatThrownBy(() -> HashedData.unwrap(block, 15))
                .isInstanceOf(SecurityCheckException.class)
                .hasMessage("DATA_HASH: no data length within 64 bytes (padding 0..15) matches the SHA-1 prefix");
        block[0] ^= 1;
        assertThatThrownBy(() -> HashedData.unwrap(block, 64)).isInstanceOf(SecurityCheckException.class);
        assertThatThrownBy(() -> HashedData.unwrap(new byte[5], 0))
                .hasMessage("DATA_HASH: block of 5 bytes is shorter than a SHA-1");
    }
}
