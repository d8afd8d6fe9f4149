package io.mtj.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.crypto.KeyDerivation;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TempAuthKeyTest {
    private static final Instant EXPIRES = Instant.parse("2026-12-06T12:00:00Z");

    private static TempAuthKey key(int lifetime) {
        byte[] bytes = new byte[256];
        bytes[0] = 7;
        return new TempAuthKey(new AuthKey(bytes, KeyDerivation.authKeyId(bytes), 1, 0), EXPIRES, lifetime);
    }

    @Test
    void aDayKeyIsRenewedSixHoursBeforeItExpiresAndTakenOntoNewConnectionsUntilAMinuteBefore() {
        TempAuthKey day = key(86_400);
        assertThat(day.renewAt()).isEqualTo(Instant.parse("2026-12-06T06:00:00Z"));
        assertThat(day.usableAt(Instant.parse("2026-12-06T11:58:59Z"))).isTrue();
        assertThat(day.usableAt(Instant.parse("2026-12-06T11:59:00Z"))).isFalse();
        assertThat(day.usableAt(EXPIRES)).isFalse();
    }

    @Test
    void aShortLifeKeepsAnEighthOfItAsTheMargin() {
        TempAuthKey twoMinutes = key(120);
        assertThat(twoMinutes.renewAt()).isEqualTo(EXPIRES.minusSeconds(30));
        assertThat(twoMinutes.usableAt(EXPIRES.minusSeconds(16))).isTrue();
        assertThat(twoMinutes.usableAt(EXPIRES.minusSeconds(15))).isFalse();
    }

    @Test
    void showsOnlyTheKeyIdAndRefusesANonPositiveLife() {
        TempAuthKey k = key(3600);
        assertThat(k.toString())
                .isEqualTo("TempAuthKey[id=0x" + Long.toHexString(k.key().id()) + ", expiresAt=" + EXPIRES + "]");
        assertThatThrownBy(() -> key(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a temporary key lives a positive number of seconds, got 0");
    }
}
