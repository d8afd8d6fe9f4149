package io.mtj.transport.mtproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplayCacheTest {
    private static byte[] random(int n) {
        byte[] r = new byte[32];
        r[0] = (byte) n;
        r[31] = (byte) (n >>> 8);
        return r;
    }

    @Test
    void remembersUntilCapacityEvictsTheOldest() {
        ReplayCache cache = new ReplayCache(3, Duration.ofMinutes(10));
        Instant t = Instant.ofEpochSecond(1000);
        assertThat(cache.firstSeen(random(1), t)).isTrue();
        assertThat(cache.firstSeen(random(1), t)).isFalse();
        assertThat(cache.firstSeen(random(2), t)).isTrue();
        assertThat(cache.firstSeen(random(3), t)).isTrue();
        assertThat(cache.firstSeen(random(4), t)).isTrue();
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.firstSeen(random(1), t)).as("evicted, so seen as new").isTrue();
        assertThat(cache.firstSeen(random(4), t)).isFalse();
    }

    @Test
    void forgetsEntriesOlderThanTheTtl() {
        ReplayCache cache = new ReplayCache(100, Duration.ofMinutes(4));
        Instant t = Instant.ofEpochSecond(1000);
        cache.firstSeen(random(1), t);
        cache.firstSeen(random(2), t.plusSeconds(100));
        assertThat(cache.firstSeen(random(3), t.plusSeconds(241))).isTrue();
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.firstSeen(random(2), t.plusSeconds(242))).isFalse();
    }

    @Test
    void callerArrayChangesDoNotAffectTheCache() {
        ReplayCache cache = new ReplayCache(10, Duration.ofMinutes(1));
        byte[] r = random(5);
        cache.firstSeen(r, Instant.EPOCH);
        r[0] = 9;
        assertThat(cache.firstSeen(random(5), Instant.EPOCH)).isFalse();
    }
}
