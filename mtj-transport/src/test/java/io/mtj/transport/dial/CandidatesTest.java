package io.mtj.transport.dial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.transport.dial.Candidates.IpPreference;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CandidatesTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-06T06:00:00Z"));
    private final Cooldown cooldown = new Cooldown(now::get, Duration.ofSeconds(5), Duration.ofSeconds(60));

    static final DcAddress V4A = DcAddress.of(2, "127.0.0.2", 443);
    static final DcAddress V4B = DcAddress.of(2, "127.0.0.3", 80);
    static final DcAddress V6A = DcAddress.of(2, "::1", 443);
    static final DcAddress V6B = DcAddress.of(2, "::1", 5222);
    static final DcAddress MEDIA = new DcAddress(2, "127.0.0.9", 443, false, false, true, false);
    static final DcAddress OTHER_DC = DcAddress.of(4, "127.0.0.4", 443);
    static final List<DcAddress> ALL = List.of(V4A, V6A, OTHER_DC, V4B, MEDIA, V6B, DcAddress.of(2, "127.0.0.2", 443));

    @Test
    void familiesInterleaveFromThePreferredOne() {
        assertThat(Candidates.order(ALL, 2, false, IpPreference.IPV4_FIRST, cooldown))
                .containsExactly(V4A, V6A, V4B, V6B);
        assertThat(Candidates.order(ALL, 2, false, IpPreference.IPV6_FIRST, cooldown))
                .containsExactly(V6A, V4A, V6B, V4B);
        assertThat(Candidates.order(ALL, 2, false, IpPreference.IPV4_ONLY, cooldown))
                .containsExactly(V4A, V4B);
    }

    @Test
    void mediaOnlyAddressesOnlyForMediaAndThenFirst() {
        assertThat(Candidates.order(ALL, 2, true, IpPreference.IPV4_ONLY, cooldown))
                .containsExactly(MEDIA, V4A, V4B);
        assertThat(Candidates.order(ALL, 4, false, IpPreference.IPV4_FIRST, cooldown))
                .containsExactly(OTHER_DC);
        assertThat(Candidates.order(ALL, 3, false, IpPreference.IPV4_FIRST, cooldown))
                .isEmpty();
    }

    @Test
    void cooledAddressesGoLastSoonestFirstAndCoolingDoublesThenEnds() {
        cooldown.failed(V4A); // until +5 s
        cooldown.failed(V4B);
        cooldown.failed(V4B); // until +10 s
        assertThat(Candidates.order(ALL, 2, false, IpPreference.IPV4_FIRST, cooldown))
                .containsExactly(V6A, V6B, V4A, V4B);
        assertThat(cooldown.coolingUntil(V4B))
                .contains(Objects.requireNonNull(now.get()).plusSeconds(10));
        now.set(Objects.requireNonNull(now.get()).plusSeconds(6));
        assertThat(Candidates.order(ALL, 2, false, IpPreference.IPV4_FIRST, cooldown))
                .containsExactly(V4A, V6A, V6B, V4B);
        cooldown.succeeded(V4B);
        assertThat(Candidates.order(ALL, 2, false, IpPreference.IPV4_FIRST, cooldown))
                .containsExactly(V4A, V6A, V4B, V6B);
        for (int i = 0; i < 40; i++) {
            cooldown.failed(V6A);
        }
        assertThat(cooldown.coolingUntil(V6A))
                .contains(Objects.requireNonNull(now.get()).plusSeconds(60)); // capped at max
    }

    @Test
    void addressesAreCheckedAndKeyedByHostAndPort() {
        assertThat(V6A.key()).isEqualTo("[::1]:443");
        assertThat(V6A.ipv6()).isTrue();
        assertThat(V4A.toString()).isEqualTo("dc 2 127.0.0.2:443");
        assertThatThrownBy(() -> DcAddress.of(2, "127.0.0.1", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("endpoint port must be 1..65535, got 0");
        assertThatThrownBy(() -> new Cooldown(InstantSource.system(), Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
