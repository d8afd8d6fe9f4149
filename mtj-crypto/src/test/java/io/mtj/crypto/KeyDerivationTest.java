package io.mtj.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class KeyDerivationTest {
    private static final byte[] COUNTING_AUTH_KEY = Hex.counting(256);
    private static final byte[] COUNTING_MSG_KEY = Hex.counting(16);

    /** The auth key of xelaj/mtproto internal/payload tests ("real life"). */
    static final byte[] XELAJ_AUTH_KEY = Hex.bytes("""
            7e46d98059fa2b277725b8fbc47ad28368269f0ddf3c319d8132ece3c0854812
            b904aaf9bbe28b0ba77560767b6d97000c79a4a47f5f3ead3c0ca55328956f83
            4abc70a1d27ed8b89e78e017cc667e708d17d40b63a739404f03bfe78920745c
            e5143830867b93f5431ebf5abeb6b32343b9e09f44824fd617d9aa4ea712ae7b
            fc965729595164cbb996ac43061ed217e97073b012f255d2211668a8b7db104f
            eaedd78a0a7c99db0eaf64924cfe6c8ac5e30931b3107bb3b3f973c67e36887a
            ddba51c08f10ffbe5dd48fa97aea2e86e9befac361533c09f69315e3acc6c939
            dd3aacde82d4f3349a08e9cf6d9c8d85f9c8bf8f08b99a0d7ff092cb689564c3""");

    @Test
    void gotdAuthKeyIdAndAuxHashOfCountingKey() {
        // gotd/td internal/crypto key_test.go TestAuthKeyID
        byte[] id = {50, (byte) 209, 88, 110, (byte) 164, 87, (byte) 223, (byte) 200};
        assertThat(KeyDerivation.authKeyId(COUNTING_AUTH_KEY))
                .isEqualTo(ByteBuffer.wrap(id).order(ByteOrder.LITTLE_ENDIAN).getLong());
        assertThat(KeyDerivation.authKeyAuxHash(COUNTING_AUTH_KEY))
                .containsExactly(73, 22, 214, 189, 183, 247, 142, 104);
    }

    @Test
    void gotdKdfClientVectorOfCountingKeys() {
        // gotd/td internal/crypto key_test.go TestCalcKey "Client" (also xelaj/mtproto TestCalcKey)
        KeyDerivation.AesKeyIv kiv =
                KeyDerivation.aesKeyIv(COUNTING_AUTH_KEY, COUNTING_MSG_KEY, Direction.CLIENT_TO_SERVER);
        assertThat(kiv.key())
                .containsExactly(
                        112, 78, 208, 156, 139, 65, 102, 138, 232, 249, 157, 36, 71, 56, 247, 29, 189, 220, 68, 70, 155,
                        107, 189, 74, 168, 87, 61, 208, 66, 189, 5, 158);
        assertThat(kiv.iv())
                .containsExactly(
                        77, 38, 96, 0, 165, 80, 237, 171, 191, 76, 124, 228, 15, 208, 4, 60, 201, 34, 48, 24, 76, 211,
                        23, 165, 204, 156, 36, 130, 253, 59, 147, 24);
    }

    @Test
    void gotdKdfServerVectorOfCountingKeys() {
        // gotd/td internal/crypto key_test.go TestCalcKey "Server"
        KeyDerivation.AesKeyIv kiv =
                KeyDerivation.aesKeyIv(COUNTING_AUTH_KEY, COUNTING_MSG_KEY, Direction.SERVER_TO_CLIENT);
        assertThat(kiv.key())
                .containsExactly(
                        33, 119, 37, 121, 155, 36, 88, 6, 69, 129, 116, 161, 252, 251, 200, 131, 144, 104, 7, 177, 80,
                        51, 253, 208, 234, 43, 77, 105, 207, 156, 54, 78);
        assertThat(kiv.iv())
                .containsExactly(
                        102, 154, 101, 56, 145, 122, 79, 165, 108, 163, 35, 96, 164, 49, 201, 22, 11, 228, 173, 136,
                        113, 64, 152, 13, 171, 145, 206, 123, 220, 71, 255, 188);
    }

    @Test
    void xelajKdfRealLifeServerVector() {
        // xelaj/mtproto internal/payload TestCalcKey "real life"
        KeyDerivation.AesKeyIv kiv = KeyDerivation.aesKeyIv(
                XELAJ_AUTH_KEY, Hex.bytes("08a74d1af6d2bb7421dae64bfdc3b76e"), Direction.SERVER_TO_CLIENT);
        assertThat(Hex.of(kiv.key())).isEqualTo("c62635c6967cfa6a1ef309a830651ae38a05de9e81b6c3e47ad9c69573e678be");
        assertThat(Hex.of(kiv.iv())).isEqualTo("18b1a92f802b9f26298aa2ec1e3b7e82bd1ae7c377ccc150eff4211cdee5cdd6");
    }

    @Test
    void xelajMessageKeyVectorsBothDirections() {
        // xelaj/mtproto internal/payload TestMessageKey2
        byte[] fromServer = Hex.bytes("""
                c3348dce8560b514048e6fb2b295d2860190481f56e0a5650900000024000000
                016d5cf3d00fcf0056e0a56519ca4421900100000e4150495f49445f494e5641
                4c4944000709c48459dbda36f96a3da5""");
        assertThat(Hex.of(KeyDerivation.messageKey(
                        XELAJ_AUTH_KEY, Direction.SERVER_TO_CLIENT, fromServer, 0, fromServer.length)))
                .isEqualTo("e5e98757016becc21c66f0a0bdbdce53");
        byte[] fromClient = Hex.bytes("""
                c3348dce8560b514048e6fb2b295d286d00fcf0056e0a5650700000024000000
                4f2477a60b2b34313233343536373839393000000641424344454600783d25ad
                0000000038c06a129b598b30654ed048586439169824a1ff70f7cd28a3145274""");
        assertThat(Hex.of(KeyDerivation.messageKey(
                        XELAJ_AUTH_KEY, Direction.CLIENT_TO_SERVER, fromClient, 0, fromClient.length)))
                .isEqualTo("056d7ea2e861b705a517a7508dc90d6e");
    }

    @Test
    void samplesAuthKeyTmpAesKeyAndIv() {
        KeyDerivation.AesKeyIv kiv =
                KeyDerivation.tmpAesKeyIv(Hex.bytes(SamplesAuthKey.NEW_NONCE), Hex.bytes(SamplesAuthKey.SERVER_NONCE));
        assertThat(kiv.key()).isEqualTo(Hex.bytes(SamplesAuthKey.TMP_AES_KEY));
        assertThat(kiv.iv()).isEqualTo(Hex.bytes(SamplesAuthKey.TMP_AES_IV));
    }

    @Test
    void samplesAuthKeyNewNonceHash1OfDhGenOk() {
        byte[] hash =
                KeyDerivation.newNonceHash(Hex.bytes(SamplesAuthKey.NEW_NONCE), 1, Hex.bytes(SamplesAuthKey.AUTH_KEY));
        assertThat(hash).isEqualTo(Hex.bytes(SamplesAuthKey.NEW_NONCE_HASH1));
        assertThat(KeyDerivation.newNonceHash(
                        Hex.bytes(SamplesAuthKey.NEW_NONCE), 2, Hex.bytes(SamplesAuthKey.AUTH_KEY)))
                .hasSize(16)
                .isNotEqualTo(hash);
    }

    @Test
    void initialServerSaltIsXorOfFirstEightBytes() {
        byte[] newNonce = Hex.bytes(SamplesAuthKey.NEW_NONCE);
        byte[] serverNonce = Hex.bytes(SamplesAuthKey.SERVER_NONCE);
        // 311C85DB234AA264 xor A5CF4D33F4A11EA8 = 94D3C8E8D7EBBCCC, read little-endian
        assertThat(KeyDerivation.initialServerSalt(newNonce, serverNonce)).isEqualTo(0xCCBCEBD7E8C8D394L);
    }

    @Test
    void rejectsWrongLengths() {
        assertThatThrownBy(() -> KeyDerivation.authKeyId(new byte[255]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("auth_key must be 256 bytes, got 255");
        assertThatThrownBy(() -> KeyDerivation.tmpAesKeyIv(new byte[16], new byte[16]))
                .hasMessage("new_nonce must be 32 bytes, got 16");
        assertThatThrownBy(() -> KeyDerivation.newNonceHash(new byte[32], 4, new byte[256]))
                .hasMessage("new_nonce_hash number must be 1, 2 or 3, got 4");
    }
}
