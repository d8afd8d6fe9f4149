package io.mtj.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.api.mtproto.Ping;
import io.mtj.tl.TlWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PendingTableTest {
    private static PendingCall<?> call(long id) {
        Ping ping = new Ping(id);
        return new PendingCall<>(ping, TlWriter.serialize(ping), Runnable::run);
    }

    /**
     * Seeded random puts, batch puts, gets and removes against a HashMap doing the same; msg_ids as the writer makes
     * them (rising by 4 from a time-based start) mixed with ids that collide in the low bits, so probe runs form,
     * wrap around the end of the table and are shifted back on removal; the table grows and shrinks on the way.
     */
    @Test
    void behavesLikeAMapThroughGrowthShrinkageAndWrappingProbeRuns() {
        for (long seed = 1; seed <= 10; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            PendingTable table = new PendingTable();
            Map<Long, PendingCall<?>> model = new HashMap<>();
            List<Long> ids = new ArrayList<>();
            long next = 0x6540_0000_0000_0000L + random.nextLong(1L << 40) * 4;
            for (int step = 0; step < 20_000; step++) {
                int op = random.nextInt(10);
                // grow for a while, then drain, so the table both grows and shrinks
                boolean growing = (step / 2_500) % 2 == 0;
                if (op < (growing ? 6 : 2)) {
                    long id = random.nextInt(4) == 0 ? (random.nextLong(1, 1L << 20) << 44) : (next += 4);
                    PendingCall<?> c = call(id);
                    table.put(id, c);
                    if (model.put(id, c) == null) {
                        ids.add(id);
                    }
                } else if (op < (growing ? 7 : 3)) {
                    int n = 1 + random.nextInt(40);
                    long[] batch = new long[n + 3];
                    PendingCall<?>[] calls = new PendingCall<?>[n + 3];
                    for (int i = 0; i < n; i++) {
                        batch[i] = next += 4;
                        calls[i] = call(batch[i]);
                        model.put(batch[i], calls[i]);
                        ids.add(batch[i]);
                    }
                    table.putAll(batch, calls, n);
                } else if (!ids.isEmpty()) {
                    int at = random.nextInt(ids.size());
                    long id = ids.get(at);
                    switch (op % 3) {
                        case 0 -> assertThat(table.get(id)).isSameAs(model.get(id));
                        case 1 -> {
                            assertThat(table.remove(id)).isSameAs(model.remove(id));
                            ids.set(at, ids.get(ids.size() - 1));
                            ids.remove(ids.size() - 1);
                        }
                        default -> {
                            PendingCall<?> other = call(id);
                            assertThat(table.remove(id, other)).isFalse();
                            PendingCall<?> filed = model.remove(id);
                            assertThat(table.remove(id, filed)).isEqualTo(filed != null);
                            ids.set(at, ids.get(ids.size() - 1));
                            ids.remove(ids.size() - 1);
                        }
                    }
                }
                assertThat(table.size()).isEqualTo(model.size());
            }
            for (Map.Entry<Long, PendingCall<?>> e : model.entrySet()) {
                assertThat(table.get(e.getKey())).isSameAs(e.getValue());
            }
            assertThat(identities(table.snapshot())).isEqualTo(identities(model.values()));
            assertThat(identities(table.removeAll())).isEqualTo(identities(model.values()));
            assertThat(table.size()).isZero();
            assertThat(table.get(ids.isEmpty() ? 4 : ids.get(0))).isNull();
        }
    }

    /** The calls as a set by identity (AssertJ's any-order comparison of 50,000 elements is quadratic). */
    private static java.util.Set<PendingCall<?>> identities(java.util.Collection<PendingCall<?>> calls) {
        java.util.Set<PendingCall<?>> set = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        set.addAll(calls);
        assertThat(set).hasSameSizeAs(calls);
        return set;
    }

    @Test
    void absentIdsAndIdZeroAreNotFound() {
        PendingTable table = new PendingTable();
        assertThat(table.get(0)).isNull();
        assertThat(table.remove(0)).isNull();
        assertThat(table.remove(8)).isNull();
        assertThatThrownBy(() -> table.put(0, call(0))).isInstanceOf(IllegalArgumentException.class);
    }
}
