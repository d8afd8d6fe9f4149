package io.mtj.testdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.api.mtproto.BindAuthKeyInner;
import io.mtj.api.telegram.AuthBindTempAuthKey;
import io.mtj.crypto.BindingCipher;
import io.mtj.crypto.KeyDerivation;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** auth.bindTempAuthKey checked as core.telegram.org/mtproto/pfs describes, against messages sealed by BindingCipher. */
class TempKeyBindingsTest {
    private static final byte[] PERM = key(1);
    private static final long PERM_ID = KeyDerivation.authKeyId(PERM);
    private static final long TEMP_ID = 0x1111L;
    private static final long SESSION = 0x2222L;
    private static final long MSG_ID = 0x5f00_0000_0000_0004L;

    private final TempKeyBindings bindings = new TempKeyBindings(id -> id == PERM_ID ? PERM.clone() : null);

    private static byte[] key(int seed) {
        byte[] k = new byte[256];
        new SplittableRandom(seed).nextBytes(k);
        return k;
    }

    private static AuthBindTempAuthKey call(long nonce, long tempId, long sessionId, long msgId, int expiresAt) {
        byte[] inner = new BindAuthKeyInner(nonce, tempId, PERM_ID, sessionId, expiresAt).toByteArray();
        return new AuthBindTempAuthKey(
                PERM_ID, 77L, 1_900_000_000, BindingCipher.seal(PERM, msgId, inner, new SplittableRandom(3)));
    }

    @Test
    void aCorrectBindingMakesTheTemporaryKeyActForThePermanentOne() {
        bindings.bind(call(77L, TEMP_ID, SESSION, MSG_ID, 1_900_000_000), TEMP_ID, SESSION, MSG_ID);
        assertThat(bindings.permanentOf(TEMP_ID)).isEqualTo(PERM_ID);
        assertThat(bindings.temporaryOf(PERM_ID)).isEqualTo(TEMP_ID);
        // another temporary key for the same permanent key (a parallel session, a renewal) is bound beside it
        bindings.bind(call(77L, 0x3333L, SESSION, MSG_ID, 1_900_000_000), 0x3333L, SESSION, MSG_ID);
        assertThat(bindings.permanentOf(0x3333L)).isEqualTo(PERM_ID);
        assertThat(bindings.permanentOf(TEMP_ID)).isEqualTo(PERM_ID);
        assertThat(bindings.temporaryOf(PERM_ID)).isEqualTo(0x3333L);
        // a forgotten key loses its binding; the other keeps it
        bindings.forget(0x3333L);
        assertThat(bindings.permanentOf(0x3333L)).isNull();
        assertThat(bindings.permanentOf(TEMP_ID)).isEqualTo(PERM_ID);
    }

    @Test
    void everyMismatchIsEncryptedMessageInvalid() {
        assertInvalid(call(78L, TEMP_ID, SESSION, MSG_ID, 1_900_000_000), TEMP_ID, SESSION, MSG_ID); // nonce
        assertInvalid(call(77L, 0x9999L, SESSION, MSG_ID, 1_900_000_000), TEMP_ID, SESSION, MSG_ID); // temp key
        assertInvalid(call(77L, TEMP_ID, 0x9999L, MSG_ID, 1_900_000_000), TEMP_ID, SESSION, MSG_ID); // session
        assertInvalid(call(77L, TEMP_ID, SESSION, MSG_ID + 4, 1_900_000_000), TEMP_ID, SESSION, MSG_ID); // msg_id
        assertInvalid(call(77L, TEMP_ID, SESSION, MSG_ID, 1_900_000_001), TEMP_ID, SESSION, MSG_ID); // expires_at
        AuthBindTempAuthKey good = call(77L, TEMP_ID, SESSION, MSG_ID, 1_900_000_000);
        byte[] tampered = good.encryptedMessage();
        tampered[40] ^= 1;
        assertInvalid(new AuthBindTempAuthKey(PERM_ID, 77L, 1_900_000_000, tampered), TEMP_ID, SESSION, MSG_ID);
        assertInvalid(
                new AuthBindTempAuthKey(42L, 77L, 1_900_000_000, good.encryptedMessage()), TEMP_ID, SESSION, MSG_ID);
        assertThat(bindings.permanentOf(TEMP_ID)).isNull();
    }

    private void assertInvalid(AuthBindTempAuthKey call, long tempId, long sessionId, long msgId) {
        assertThatThrownBy(() -> bindings.bind(call, tempId, sessionId, msgId))
                .isInstanceOfSatisfying(RpcFailure.class, f -> {
                    assertThat(f.code()).isEqualTo(400);
                    assertThat(f.errorMessage()).isEqualTo("ENCRYPTED_MESSAGE_INVALID");
                });
    }
}
