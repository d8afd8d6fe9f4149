package io.mtj.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {
    @Test
    void delaysDoubleWithinHalfToFullJitterUpToTheCap() {
        ReconnectPolicy p = new ReconnectPolicy(100, Duration.ofMillis(100), Duration.ofMillis(1000));
        SplittableRandom random = new SplittableRandom(1);
        long[][] bounds = {{50, 100}, {100, 200}, {200, 400}, {400, 800}, {500, 1000}, {500, 1000}};
        for (int attempt = 1; attempt <= bounds.length; attempt++) {
            for (int i = 0; i < 200; i++) {
                assertThat(p.delay(attempt, random).toMillis())
                        .as("attempt %d", attempt)
                        .isBetween(bounds[attempt - 1][0], bounds[attempt - 1][1]);
            }
        }
        // a very late attempt neither overflows nor passes the cap
        assertThat(p.delay(1_000_000, random).toMillis()).isBetween(500L, 1000L);
    }

    @Test
    void sameSeedSameDelays() {
        ReconnectPolicy p = ReconnectPolicy.defaults();
        SplittableRandom a = new SplittableRandom(9);
        SplittableRandom b = new SplittableRandom(9);
        for (int attempt = 1; attempt < 20; attempt++) {
            assertThat(p.delay(attempt, a)).isEqualTo(p.delay(attempt, b));
        }
    }

    @Test
    void neverIsDisabledAndDefaultsKeepTrying() {
        assertThat(ReconnectPolicy.NEVER.enabled()).isFalse();
        assertThat(ReconnectPolicy.defaults().enabled()).isTrue();
        assertThat(ReconnectPolicy.defaults().maxAttempts()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void badValuesAreRefusedNamingThem() {
        assertThatThrownBy(() -> new ReconnectPolicy(-1, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxAttempts must not be negative, got -1");
        assertThatThrownBy(() -> new ReconnectPolicy(1, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxDelay PT1S is shorter than initialDelay PT2S");
        assertThatThrownBy(() -> ReconnectPolicy.defaults().delay(0, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("attempts count from 1, got 0");
    }
}
