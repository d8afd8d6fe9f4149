package io.mtj.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MessageCipherTest {
    private static final byte[] XELAJ_KEY_1 = Hex.bytes("""
            4f322ecf1f8f93faca05939860d47ca41ab6950a4f5f49f7ccdd588b20aa510c
            1b1553fb88becb7625e2d61756dd18384ee2be5a7ffce6412e654190f5547c98
            f200bb981e9359c8f4529f15501d418bbbc9719cf6fba2c7f790720222923936
            2fc2640af48a8e2d4360269d256ba1aaa96916c57cdb913529dfbc14e824f59a
            eb2ff025cfe8eac1bc6813b1c56155f49074f75dd2322cea92513609fef8abce
            a16ab9c0f073c9bf39f38e250d3d5e6f5958027cb0ef763deadab7915d2ec458
            907c36f4366080be3f18f372afc51f84cb6c78e8d316731933b0af6e1c7f7ff2
            0df7963831c32123e99f025b7ab132735495fecab16f0f6f08e97360210aa8f9""");

    @Test
    void xelajEncryptAndBackVector1FromClient() throws Exception {
        // xelaj/mtproto internal/payload TestEncryptAndBack, first case: msg_key + ciphertext of a client message
        byte[] raw = Hex.bytes("""
                8fd5e78ad27041b0a7c6b5e51509ab86187570258d87a5650500000010000000
                48a5910d15c4b51c010000003fb1c1f77d71e37a1637b18c1a2c184a7467975c
                b96446283e1faa74bfdc3ae1741e65d8""");
        byte[] want = Hex.bytes("""
                14b88ec458f153409aa13e82b05f42da
                60b56c2c7b5fffda55f53b9f672f0dd6edcb16336d704f78b6d9c6dbcfdf8071
                5bbfbde57e417a38d200d0c75a531cc10907270a611a4b62e77459f27a62b485
                9626594020f0a9fe5475098494948c5a08373d655cdc91ee1e55edde64928928""");
        assertPublishedMessage(XELAJ_KEY_1, raw, want);
    }

    @Test
    void xelajEncryptAndBackVector2RealLifeFromClient() throws Exception {
        // xelaj/mtproto internal/payload TestEncryptAndBack, "real life" case
        byte[] raw = Hex.bytes("""
                fb189a4f1e6446f16153a44311b0baf250fcb02aa997a6650700000024000000
                4f2477a60b2b34313233343536373839393000000641424344454600783d25ad
                00000000""");
        byte[] want = Hex.bytes("""
                b5212dd307b22d0187b88e4aab3970c0
                765515aabbd5c8b4b7dcba7bf3d77f64b8daa19bc6eb6e1803dbd24c4ad83d4d
                e684dd0eec8a3a4453f52a264167237f55060b43e2bdc5eda31fa6f7418fcee3
                ab3c278722d591a5c3afc8cbd1ddb62418bf1242e5bec7386e2a22738550a28d""");
        assertPublishedMessage(KeyDerivationTest.XELAJ_AUTH_KEY, raw, want);
    }

    /**
     * The published message (without auth_key_id) must decrypt and verify as a client-to-server message,
     * start with the published plaintext, and re-encrypt to the same bytes.
     */
    private static void assertPublishedMessage(byte[] authKey, byte[] raw, byte[] want) throws Exception {
        MessageCipher cipher = new MessageCipher(authKey);
        byte[] message = new byte[8 + want.length];
        long id = cipher.authKeyId();
        for (int i = 0; i < 8; i++) {
            message[i] = (byte) (id >>> (8 * i));
        }
        System.arraycopy(want, 0, message, 8, want.length);

        byte[] plain = cipher.decrypt(Direction.CLIENT_TO_SERVER, message);
        assertThat(plain).hasSize(want.length - 16);
        assertThat(Arrays.copyOf(plain, raw.length)).isEqualTo(raw);
        assertThat(cipher.encrypt(Direction.CLIENT_TO_SERVER, plain)).isEqualTo(message);
    }

    @Test
    void roundTripsBothDirectionsInPlaceAndAtOffsets() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        byte[] authKey = new byte[256];
        random.nextBytes(authKey);
        MessageCipher client = new MessageCipher(authKey);
        MessageCipher server = new MessageCipher(authKey);
        for (Direction d : Direction.values()) {
            for (int len : new int[] {16, 128, 4096, 512 * 1024}) {
                byte[] plain = new byte[len];
                random.nextBytes(plain);
                byte[] out = new byte[3 + MessageCipher.encryptedLength(len)];
                int n = client.encrypt(d, plain, 0, len, out, 3);
                assertThat(n).isEqualTo(24 + len);
                assertThat(Arrays.copyOfRange(out, 11, 27))
                        .isEqualTo(KeyDerivation.messageKey(authKey, d, plain, 0, len));

                byte[] back = new byte[len];
                assertThat(server.decrypt(d, out, 3, n, back, 0)).isEqualTo(len);
                assertThat(back).isEqualTo(plain);

                server.decrypt(d, out, 3, n, out, 27);
                assertThat(Arrays.copyOfRange(out, 27, 27 + len)).isEqualTo(plain);
            }
        }
    }

    @Test
    void wrongDirectionFailsTheMsgKeyCheck() {
        MessageCipher cipher = new MessageCipher(Hex.counting(256));
        byte[] message = cipher.encrypt(Direction.CLIENT_TO_SERVER, new byte[32]);
        assertThatThrownBy(() -> cipher.decrypt(Direction.SERVER_TO_CLIENT, message))
                .isInstanceOf(SecurityCheckException.class)
                .hasMessage("MSG_KEY: msg_key recomputed over the decrypted 0x20 bytes does not match the received one")
                .extracting(e -> ((SecurityCheckException) e).check())
                .isEqualTo(SecurityCheckException.Check.MSG_KEY);
    }

    @Test
    void tamperedCiphertextIsRejectedAndOutputZeroed() {
        MessageCipher cipher = new MessageCipher(Hex.counting(256));
        byte[] plain = new byte[64];
        Arrays.fill(plain, (byte) 0x5a);
        byte[] message = cipher.encrypt(Direction.SERVER_TO_CLIENT, plain);
        message[message.length - 1] ^= 1;
        byte[] out = new byte[64];
        Arrays.fill(out, (byte) 7);
        assertThatThrownBy(() -> cipher.decrypt(Direction.SERVER_TO_CLIENT, message, 0, message.length, out, 0))
                .isInstanceOf(SecurityCheckException.class)
                .extracting(e -> ((SecurityCheckException) e).check())
                .isEqualTo(SecurityCheckException.Check.MSG_KEY);
        assertThat(out).containsOnly(0);
    }

    @Test
    void foreignAuthKeyIdIsRejectedNamingBothIds() {
        MessageCipher mine = new MessageCipher(Hex.counting(256));
        byte[] other = Hex.counting(256);
        other[0] = 1;
        MessageCipher theirs = new MessageCipher(other);
        byte[] message = theirs.encrypt(Direction.CLIENT_TO_SERVER, new byte[16]);
        assertThatThrownBy(() -> mine.decrypt(Direction.CLIENT_TO_SERVER, message))
                .isInstanceOf(SecurityCheckException.class)
                .hasMessage(String.format(
                        "AUTH_KEY_ID: auth_key_id is 0x%016x, expected 0x%016x", theirs.authKeyId(), mine.authKeyId()));
    }

    @Test
    void badLengthsAreRejected() {
        MessageCipher cipher = new MessageCipher(Hex.counting(256));
        assertThatThrownBy(() -> cipher.decrypt(Direction.CLIENT_TO_SERVER, new byte[24]))
                .isInstanceOf(SecurityCheckException.class)
                .hasMessage("MESSAGE_LENGTH: encrypted message is 0x18 bytes, expected 24 + a positive multiple of 16");
        assertThatThrownBy(() -> cipher.decrypt(Direction.CLIENT_TO_SERVER, new byte[24 + 20]))
                .hasMessage("MESSAGE_LENGTH: encrypted message is 0x2c bytes, expected 24 + a positive multiple of 16");
        assertThatThrownBy(() -> cipher.encrypt(Direction.CLIENT_TO_SERVER, new byte[20]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MTProto plaintext (with padding) must be a positive multiple of 16 bytes, got 20");
    }

    @Test
    void paddingLengthIsAlwaysValid() {
        SplittableRandom random = new SplittableRandom(5);
        for (int len = 0; len < 200; len++) {
            for (int i = 0; i < 20; i++) {
                int pad = MessageCipher.paddingLength(len, random);
                assertThat(pad).isBetween(12, 12 + 15 + 3 * 16);
                assertThat((len + pad) % 16).isZero();
                int big = MessageCipher.paddingLength(len, 1000, random);
                assertThat(big).isBetween(12, 1024);
                assertThat((len + big) % 16).isZero();
            }
            assertThat(MessageCipher.paddingLength(len, 0, random)).isEqualTo(12 + Math.floorMod(-(len + 12), 16));
        }
        assertThat(MessageCipher.paddingLength(4, 0, random)).isEqualTo(12);
        assertThat(MessageCipher.paddingLength(5, 0, random)).isEqualTo(27);
    }
}
