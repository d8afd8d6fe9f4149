package io.mtj.testdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SessionTableTest {
    private static final long MINUTE = Duration.ofMinutes(1).toNanos();
    private final AtomicLong now = new AtomicLong(5 * MINUTE);
    private final SessionTable table = new SessionTable(
            ServerSession.REMEMBERED, ServerSession.ANSWER_BYTES, 1 << 20, Duration.ofMinutes(80), now::get);

    @Test
    void aSessionIdleLongerThanTheLimitIsDroppedWhenANewOneIsMade() {
        assertThat(table.lookup(1, 10).created()).isTrue();
        assertThat(table.lookup(1, 11).created()).isTrue();
        now.addAndGet(50 * MINUTE);
        assertThat(table.lookup(1, 11).created()).isFalse(); // 11 is named again: it stays
        now.addAndGet(31 * MINUTE); // 10 idle 81 minutes, 11 idle 31

        assertThat(table.lookup(1, 12).created()).isTrue();
        assertThat(table.get(1, 10)).isNull();
        assertThat(table.get(1, 11)).isNotNull();
        assertThat(table.size()).isEqualTo(2);

        // a client naming the forgotten session again gets a new one (new_session_created follows)
        assertThat(table.lookup(1, 10).created()).isTrue();
    }

    @Test
    void theTableIsLookedOverAtMostEveryEighthOfTheLimit() {
        table.lookup(1, 10);
        now.addAndGet(75 * MINUTE);
        table.lookup(1, 11); // a look: 10 (idle 75 minutes) stays; the next look is due 10 minutes later
        assertThat(table.get(1, 10)).isNotNull();
        now.addAndGet(6 * MINUTE);
        table.lookup(1, 12); // 10 is idle 81 minutes now, but no look is due yet
        assertThat(table.get(1, 10)).isNotNull();
        now.addAndGet(5 * MINUTE);
        table.lookup(1, 13); // due: 10 goes, 11 and 12 stay
        assertThat(table.get(1, 10)).isNull();
        assertThat(table.size()).isEqualTo(3);
    }
}
