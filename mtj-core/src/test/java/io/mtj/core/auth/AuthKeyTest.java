package io.mtj.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.crypto.KeyDerivation;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AuthKeyTest {
    private static byte[] key(long seed) {
        byte[] key = new byte[256];
        new SplittableRandom(seed).nextBytes(key);
        return key;
    }

    @Test
    void equalKeysAreEqualAndHashAlikeAndEveryComponentCounts() {
        byte[] bytes = key(1);
        long id = KeyDerivation.authKeyId(bytes);
        AuthKey a = new AuthKey(bytes, id, 7, -30);
        AuthKey b = new AuthKey(bytes.clone(), id, 7, -30);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);

        assertThat(a).isNotEqualTo(new AuthKey(key(2), id, 7, -30));
        assertThat(a).isNotEqualTo(new AuthKey(bytes, id + 1, 7, -30));
        assertThat(a).isNotEqualTo(new AuthKey(bytes, id, 8, -30));
        assertThat(a).isNotEqualTo(new AuthKey(bytes, id, 7, 0));
    }

    @Test
    void keyBytesAreCopiedInAndOutAndNeverPrinted() {
        byte[] bytes = key(3);
        AuthKey k = new AuthKey(bytes, KeyDerivation.authKeyId(bytes), 1, 0);
        byte[] original = bytes.clone();
        bytes[0] ^= 1;
        assertThat(k.key()).isEqualTo(original);
        k.key()[1] ^= 1;
        assertThat(k.key()).isEqualTo(original);
        assertThat(k.toString())
                .isEqualTo("AuthKey[id=0x" + Long.toHexString(KeyDerivation.authKeyId(original)) + "]")
                .doesNotContain(HexFormat.of().formatHex(original, 0, 4));
    }

    @Test
    void aKeyOtherThan256BytesIsRefused() {
        assertThatThrownBy(() -> new AuthKey(new byte[255], 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("auth key must be 256 bytes, got 255");
    }
}
