package io.mtj.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BindingCipherTest {
    // mtcute's MTProto 1.0 KDF vectors (packages/core/src/utils/crypto/mtproto.test.ts): the auth key is
    // this 32-byte chunk eight times
    private static final byte[] CHUNK = Hex.bytes("98cb29c6ffa89e79da695a54f572e6cb101e81c688b63a4bf73c3622dec230e0");
    private static final byte[] MSG_KEY = Hex.bytes("25d701f2a29205526757825a99eb2d32");

    private static byte[] mtcuteKey() {
        byte[] key = new byte[256];
        for (int i = 0; i < 8; i++) {
            System.arraycopy(CHUNK, 0, key, i * 32, 32);
        }
        return key;
    }

    @Test
    void legacyKdfMatchesMtcutesVectorsForBothDirections() {
        KeyDerivation.AesKeyIv client = BindingCipher.aesKeyIv(mtcuteKey(), MSG_KEY, Direction.CLIENT_TO_SERVER);
        assertThat(Hex.of(client.key())).isEqualTo("1fc7b40b1d9ffbdaf4d652525a748864259698f89214abf27c0d36cb9d4cd5db");
        assertThat(Hex.of(client.iv())).isEqualTo("7251fbda39ec5e6e089f15ded5963b03d6d8d0f7078898431fc7b40b1d9ffbda");
        KeyDerivation.AesKeyIv server = BindingCipher.aesKeyIv(mtcuteKey(), MSG_KEY, Direction.SERVER_TO_CLIENT);
        assertThat(Hex.of(server.key())).isEqualTo("af0e4e01318654be40ab42b125909d43b44bdeef571ff1a5dfb81474ae26d467");
        assertThat(Hex.of(server.iv())).isEqualTo("15c9ba6021d2c5cf04f0842540ae216a970b4eac8f46ef01af0e4e01318654be");
    }

    @Test
    void sealedMessageHasTheDocumentedLayout() {
        byte[] perm = key(1);
        byte[] inner = Hex.counting(40);
        long msgId = 0x5f00_0000_0000_0004L;

        byte[] sealed = BindingCipher.seal(perm, msgId, inner, new SplittableRandom(3));

        // 24 bytes of header, then 32 + 40 = 72 bytes of plaintext padded to 80
        assertThat(sealed).hasSize(24 + 80);
        ByteBuffer head = ByteBuffer.wrap(sealed).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(head.getLong(0)).isEqualTo(KeyDerivation.authKeyId(perm));
        byte[] msgKey = Arrays.copyOfRange(sealed, 8, 24);
        KeyDerivation.AesKeyIv k = BindingCipher.aesKeyIv(perm, msgKey, Direction.CLIENT_TO_SERVER);
        byte[] plain = AesIge.decrypt(k.key(), k.iv(), Arrays.copyOfRange(sealed, 24, sealed.length));
        ByteBuffer p = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(p.getLong(16)).isEqualTo(msgId);
        assertThat(p.getInt(24)).isZero();
        assertThat(p.getInt(28)).isEqualTo(40);
        assertThat(Arrays.copyOfRange(plain, 32, 72)).isEqualTo(inner);
        assertThat(msgKey).isEqualTo(Arrays.copyOfRange(Digests.sha1(plain, 0, 72), 4, 20));
    }

    @Test
    void openReturnsWhatWasSealed() throws Exception {
        byte[] perm = key(2);
        byte[] inner = Hex.counting(40);

        BindingCipher.Opened opened =
                BindingCipher.open(perm, BindingCipher.seal(perm, 77L, inner, new SplittableRandom(4)));

        assertThat(opened.msgId()).isEqualTo(77L);
        assertThat(opened.seqNo()).isZero();
        assertThat(opened.body()).isEqualTo(inner);
    }

    @Test
    void openRefusesOtherKeysTamperingAndBadLengths() {
        byte[] perm = key(5);
        byte[] sealed = BindingCipher.seal(perm, 9L, Hex.counting(40), new SplittableRandom(6));

        assertThatThrownBy(() -> BindingCipher.open(key(6), sealed))
                .isInstanceOfSatisfying(SecurityCheckException.class, e -> assertThat(e.check())
                        .isEqualTo(SecurityCheckException.Check.AUTH_KEY_ID));
        byte[] flipped = sealed.clone();
        flipped[40] ^= 1;
        assertThatThrownBy(() -> BindingCipher.open(perm, flipped)).isInstanceOf(SecurityCheckException.class);
        assertThatThrownBy(() -> BindingCipher.open(perm, Arrays.copyOf(sealed, sealed.length - 1)))
                .hasMessage(
                        "MESSAGE_LENGTH: binding message of 103 bytes, expected 24 + a multiple of 16 of at least 32");
    }

    private static byte[] key(int seed) {
        byte[] k = new byte[256];
        new SplittableRandom(seed).nextBytes(k);
        return k;
    }
}
