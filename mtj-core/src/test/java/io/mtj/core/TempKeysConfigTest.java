package io.mtj.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TempKeysConfigTest {
    private static ClientConfig.Builder builder() {
        return ClientConfig.builder(1, "0123456789abcdef0123456789abcdef");
    }

    @Test
    void offByDefaultOnWithALifetimeOffAgainWithZero() {
        assertThat(builder().build().tempKeys()).isEmpty();
        assertThat(builder().tempKeys(Duration.ofHours(24)).build().tempKeys()).contains(Duration.ofHours(24));
        assertThat(builder()
                        .tempKeys(Duration.ofHours(24))
                        .tempKeys(Duration.ZERO)
                        .build()
                        .tempKeys())
                .isEmpty();
        assertThat(ClientConfig.DEFAULT_TEMP_KEY_LIFETIME).isEqualTo(Duration.ofHours(24));
        assertThat(builder().tempKeys(Duration.ofHours(24)).build().toString()).endsWith(", tempKeys=PT24H]");
        assertThat(builder().build().toString()).doesNotContain("tempKeys");
    }

    @Test
    void aLifetimeOutsideAMinuteToAYearIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> builder().tempKeys(Duration.ofSeconds(59)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tempKeys lifetime must be zero (off) or between 1 minute and 365 days, got PT59S");
        assertThatThrownBy(() -> builder().tempKeys(Duration.ofDays(366)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got PT8784H");
        assertThatThrownBy(() -> builder().tempKeys(Duration.ofMinutes(-5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got PT-5M");
    }
}
