package io.mtj.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class AesIgeTest {
    // OpenSSL test/igetest.c, ige_test_vectors[0] (AES-128, encrypt)
    private static final byte[] V0_KEY = Hex.bytes("000102030405060708090a0b0c0d0e0f");
    private static final byte[] V0_IV = Hex.bytes("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final byte[] V0_IN = new byte[32];
    private static final byte[] V0_OUT = Hex.bytes("1a8519a6557be652e9da8e43da4ef4453cf456b4ca488aa383c79c98b34797cb");
    // OpenSSL test/igetest.c, ige_test_vectors[1] (AES-128, decrypt)
    private static final byte[] V1_KEY = Hex.bytes("5468697320697320616e20696d706c65");
    private static final byte[] V1_IV = Hex.bytes("6d656e746174696f6e206f6620494745206d6f646520666f72204f70656e5353");
    private static final byte[] V1_IN = Hex.bytes("4c2e204c6574277320686f70652042656e20676f74206974207269676874210a");
    private static final byte[] V1_OUT = Hex.bytes("99706487a1cde613bc6de0b6f24b1c7aa448c8b9c3403e3467a8cad89340f53b");

    @Test
    void openSslIgetestVector0EncryptsAndDecryptsBack() {
        assertThat(AesIge.encrypt(V0_KEY, V0_IV, V0_IN)).isEqualTo(V0_OUT);
        assertThat(AesIge.decrypt(V0_KEY, V0_IV, V0_OUT)).isEqualTo(V0_IN);
    }

    @Test
    void openSslIgetestVector1DecryptsAndEncryptsBack() {
        assertThat(AesIge.decrypt(V1_KEY, V1_IV, V1_IN)).isEqualTo(V1_OUT);
        assertThat(AesIge.encrypt(V1_KEY, V1_IV, V1_OUT)).isEqualTo(V1_IN);
    }

    @Test
    void openSslIgetestVectorsInPlace() {
        AesIge ige = new AesIge(V0_KEY);
        byte[] buf = V0_IN.clone();
        ige.encrypt(V0_IV, buf, 0, buf.length);
        assertThat(buf).isEqualTo(V0_OUT);
        ige.init(V1_KEY);
        buf = V1_IN.clone();
        ige.decrypt(V1_IV, buf, 0, buf.length);
        assertThat(buf).isEqualTo(V1_OUT);
    }

    @Test
    void samplesAuthKeyEncryptedAnswerDecryptsToSha1AndServerDhInnerData() throws Exception {
        byte[] key = Hex.bytes(SamplesAuthKey.TMP_AES_KEY);
        byte[] iv = Hex.bytes(SamplesAuthKey.TMP_AES_IV);
        byte[] encrypted = Hex.bytes(SamplesAuthKey.ENCRYPTED_ANSWER);
        byte[] answer = Hex.bytes(SamplesAuthKey.ANSWER);
        assertThat(encrypted).hasSize(592);

        byte[] plain = AesIge.decrypt(key, iv, encrypted);
        assertThat(Arrays.copyOf(plain, 20)).isEqualTo(Digests.sha1(answer));
        assertThat(Arrays.copyOfRange(plain, 20, 20 + answer.length)).isEqualTo(answer);
        assertThat(HashedData.unwrap(plain, 15)).isEqualTo(answer);
        // and the 256-bit encryption direction reproduces the published bytes
        assertThat(AesIge.encrypt(key, iv, plain)).isEqualTo(encrypted);
    }

    @Test
    void samplesAuthKeySetClientDhParamsEncryptedDataDecryptsToClientDhInnerData() throws Exception {
        byte[] key = Hex.bytes(SamplesAuthKey.TMP_AES_KEY);
        byte[] iv = Hex.bytes(SamplesAuthKey.TMP_AES_IV);
        byte[] encrypted = Hex.bytes(SamplesAuthKey.SET_CLIENT_DH_ENCRYPTED);
        assertThat(encrypted).hasSize(336);
        byte[] data = Hex.bytes(SamplesAuthKey.CLIENT_DH_INNER_DATA);

        byte[] plain = AesIge.decrypt(key, iv, encrypted);
        assertThat(HashedData.unwrap(plain, 15)).isEqualTo(data);
        assertThat(AesIge.encrypt(key, iv, plain)).isEqualTo(encrypted);
    }

    @Test
    void matchesBlockByBlockReferenceAcrossChunksAndCallsOnOneInstance() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        byte[] key = new byte[32];
        random.nextBytes(key);
        AesIge ige = new AesIge(key);
        // sizes below, at and above the internal chunk, one instance so the CBC chaining is carried over
        for (int len : new int[] {
            16,
            48,
            4096,
            AesIge.CHUNK,
            AesIge.CHUNK + 16,
            2 * AesIge.CHUNK,
            3 * AesIge.CHUNK + 160,
            40 * AesIge.CHUNK,
            32
        }) {
            byte[] iv = new byte[32];
            byte[] plain = new byte[len];
            random.nextBytes(iv);
            random.nextBytes(plain);
            byte[] expected = referenceEncrypt(key, iv, plain);

            byte[] shifted = new byte[len + 3];
            System.arraycopy(plain, 0, shifted, 3, len);
            byte[] out = new byte[len + 5];
            ige.encrypt(iv, shifted, 3, len, out, 5);
            assertThat(Arrays.copyOfRange(out, 5, len + 5))
                    .as("encrypt %d bytes", len)
                    .isEqualTo(expected);

            byte[] inPlace = plain.clone();
            ige.encrypt(iv, inPlace, 0, len);
            assertThat(inPlace).as("in-place encrypt %d bytes", len).isEqualTo(expected);

            byte[] back = new byte[len];
            ige.decrypt(iv, expected, 0, len, back, 0);
            assertThat(back).as("decrypt %d bytes", len).isEqualTo(plain);
            ige.decrypt(iv, inPlace, 0, len);
            assertThat(inPlace).as("in-place decrypt %d bytes", len).isEqualTo(plain);
        }
    }

    @Test
    void rekeyingChangesTheResult() {
        byte[] iv = new byte[32];
        byte[] plain = new byte[64];
        AesIge ige = new AesIge(new byte[32]);
        byte[] a = new byte[64];
        ige.encrypt(iv, plain, 0, 64, a, 0);
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        ige.init(otherKey);
        byte[] b = new byte[64];
        ige.encrypt(iv, plain, 0, 64, b, 0);
        assertThat(b).isNotEqualTo(a).isEqualTo(AesIge.encrypt(otherKey, iv, plain));
    }

    @Test
    void rejectsBadLengthsAndMissingKey() {
        AesIge ige = new AesIge(new byte[32]);
        assertThatThrownBy(() -> ige.encrypt(new byte[32], new byte[20], 0, 20, new byte[20], 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("AES-IGE length must be a multiple of 16, got 20");
        assertThatThrownBy(() -> ige.decrypt(new byte[16], new byte[16], 0, 16, new byte[16], 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("AES-IGE iv must be 32 bytes, got 16");
        assertThatThrownBy(() -> new AesIge(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("AES key must be 16, 24 or 32 bytes, got 31");
        assertThatThrownBy(() -> new AesIge().encrypt(new byte[32], new byte[16], 0, 16, new byte[16], 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("AesIge has no key: call init(key) first");
        assertThatThrownBy(() -> ige.encrypt(new byte[32], new byte[16], 0, 16, new byte[8], 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    /** The IGE definition, one ECB block at a time, independent of the CBC rewriting under test. */
    private static byte[] referenceEncrypt(byte[] key, byte[] iv, byte[] plain) throws Exception {
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        byte[] prevY = Arrays.copyOfRange(iv, 0, 16);
        byte[] prevX = Arrays.copyOfRange(iv, 16, 32);
        byte[] out = new byte[plain.length];
        for (int i = 0; i < plain.length; i += 16) {
            byte[] t = new byte[16];
            for (int j = 0; j < 16; j++) {
                t[j] = (byte) (plain[i + j] ^ prevY[j]);
            }
            byte[] e = ecb.doFinal(t);
            for (int j = 0; j < 16; j++) {
                out[i + j] = (byte) (e[j] ^ prevX[j]);
            }
            prevY = Arrays.copyOfRange(out, i, i + 16);
            prevX = Arrays.copyOfRange(plain, i, i + 16);
        }
        return out;
    }
}
