package io.mtj.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
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

    /**
     * The ring against a plain model of the rule (a hash set and a priority queue of every remembered id, the
     * smallest forgotten past the capacity): the same verdict for every id of seeded streams that arrive mostly in
     * order, with repeats, late ids and ids below everything remembered, across the ring's growth.
     */
    @Test
    void agreesWithTheSetAndHeapModelOnSeededStreams() {
        for (int capacity : new int[] {1, 2, 3, 16, 17, 100, 512}) {
            for (long seed = 1; seed <= 5; seed++) {
                SplittableRandom random = new SplittableRandom(seed * 31 + capacity);
                ReplayGuard guard = new ReplayGuard(capacity);
                Model model = new Model(capacity);
                long next = 1_000_000;
                for (int i = 0; i < 5_000; i++) {
                    long id;
                    int kind = random.nextInt(10);
                    if (kind < 6) {
                        id = next += 4 + random.nextInt(64); // in order
                    } else if (kind < 8) {
                        id = next - random.nextInt(4 * capacity + 8); // late, perhaps a repeat
                    } else if (kind < 9) {
                        id = next - random.nextInt(3) * 4; // a repeat of one of the newest
                    } else {
                        id = random.nextLong(0, next); // anywhere below
                    }
                    boolean expected = model.accept(id);
                    boolean actual;
                    try {
                        guard.accept(id, 1);
                        actual = true;
                    } catch (InvalidMessageException e) {
                        actual = false;
                    }
                    assertThat(actual)
                            .as("capacity %d seed %d step %d id %d", capacity, seed, i, id)
                            .isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void clearForgetsTheFloorAndTheIds() throws Exception {
        ReplayGuard guard = new ReplayGuard(2);
        guard.accept(10, 1);
        guard.accept(20, 1);
        guard.accept(30, 1); // floor 10
        guard.clear();
        assertThatCode(() -> guard.accept(10, 1)).doesNotThrowAnyException();
        assertThatCode(() -> guard.accept(30, 1)).doesNotThrowAnyException();
        assertThatThrownBy(() -> guard.accept(30, 1)).isInstanceOf(InvalidMessageException.class);
    }

    /** The rule written plainly: what the guard did before it kept its ids in a ring. */
    private static final class Model {
        private final int capacity;
        private final Set<Long> seen = new HashSet<>();
        private final PriorityQueue<Long> order = new PriorityQueue<>();
        private long floor = Long.MIN_VALUE;

        Model(int capacity) {
            this.capacity = capacity;
        }

        boolean accept(long id) {
            if (id <= floor || !seen.add(id)) {
                return false;
            }
            order.add(id);
            if (order.size() > capacity) {
                long oldest = order.remove();
                seen.remove(oldest);
                floor = oldest;
            }
            return true;
        }
    }
}
