package io.mtj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void units() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("7s")).isEqualTo(Duration.ofSeconds(7));
        assertThat(Durations.parse("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("60m")).isEqualTo(Duration.ofHours(1));
    }
}
