package io.mtj.core.wire;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReplayGuardTest {
    @Test
    void rejectsRepeatAndIdsBelowTheForgottenFloor() throws Exception {
        ReplayGuard guard = new ReplayGuard(3);
        guard.accept(0x101, 1);
        assertThatThrownBy(() -> guard.accept(0x101, 1))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("REPLAY: msg_id 0x101 was already received");
        guard.accept(0x105, 1);
        guard.accept(0x109, 1);
        guard.accept(0x10d, 1); // forgets 0x101, floor becomes 0x101
        assertThatThrownBy(() -> guard.accept(0x101, 1)).hasMessageContaining("not above the oldest remembered id");
        assertThatCode(() -> guard.accept(0x103, 1)).doesNotThrowAnyException();
        assertThatThrownBy(() -> guard.accept(0x105, 1)).isInstanceOf(InvalidMessageException.class);
    }
}
