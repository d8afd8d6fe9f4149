package io.mtj.tl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlRegistryAndValuesTest {

    @Test
    void duplicateIdIsRefused() {
        TlRegistry.Builder b = TlRegistry.builder().register(1, TestPair::readBody);
        assertThatThrownBy(() -> b.register(1, TestPair::readBody))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("constructor 0x00000001 registered twice");
    }

    @Test
    void unionKeepsEveryId() {
        TlRegistry other = TlRegistry.builder().register(5, TestPair::readBody).build();
        TlRegistry all = TlRegistry.union(TestPair.registry(), other);
        assertThat(all.size()).isEqualTo(2);
        assertThat(all.contains(TestPair.ID)).isTrue();
        assertThat(all.contains(5)).isTrue();
        assertThat(all.decoder(6)).isNull();
        assertThat(TlRegistry.empty().size()).isZero();
    }

    @Test
    void aTableRegistryHandsItsDecoderTheIdAndOnlyListedIds() throws Exception {
        List<Integer> seen = new ArrayList<>();
        TlBodyDecoder table = (id, in) -> {
            seen.add(id);
            return TestPair.readBody(in);
        };
        TlRegistry registry = TlRegistry.of(table, new int[] {TestPair.ID}, new int[] {7, -3});
        assertThat(registry.ids()).containsExactly(-3, 7, TestPair.ID);
        byte[] wire = new TestPair(9, "x").toByteArray();
        assertThat(registry.decode(wire)).isEqualTo(new TestPair(9, "x"));
        assertThat(seen).containsExactly(TestPair.ID);
        assertThatThrownBy(() -> registry.decode(new byte[] {1, 0, 0, 0}))
                .isInstanceOf(TlDecodeException.class)
                .hasMessage("unknown constructor 0x00000001 at offset 0x0 (expected Object)");
        assertThat(seen).containsExactly(TestPair.ID);
        assertThatThrownBy(() -> TlRegistry.of(table, new int[] {7}, new int[] {7}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("constructor 0x00000007 listed twice");
        TlRegistry both = TlRegistry.union(registry, TestPair.registry());
        assertThat(both.size()).isEqualTo(3);
        assertThat(both.decoder(7)).isNotNull();
        TlRegistry copy = TlRegistry.builder().registerAll(registry).build();
        assertThat(copy.decode(wire)).isEqualTo(new TestPair(9, "x"));
        assertThat(seen).containsExactly(TestPair.ID, TestPair.ID);
    }

    @Test
    void deepEqualityHashAndSafeText() {
        List<Object> a = List.of(new byte[] {1, 2}, "s");
        List<Object> b = List.of(new byte[] {1, 2}, "s");
        assertThat(TlValues.equal(a, b)).isTrue();
        assertThat(TlValues.hash(a)).isEqualTo(TlValues.hash(b));
        assertThat(TlValues.equal(new byte[] {1}, new byte[] {2})).isFalse();
        assertThat(TlValues.equal(null, new byte[0])).isFalse();
        assertThat(TlValues.text(a)).isEqualTo("[byte[2], s]");
    }
}
