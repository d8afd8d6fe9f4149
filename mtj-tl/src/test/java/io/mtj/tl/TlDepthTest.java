package io.mtj.tl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Nesting of boxed Object values is bounded by {@link TlReader#MAX_DEPTH}. */
class TlDepthTest {
    /** {@code wrap#0a0b0c0d inner:Object = Wrap}: each level adds 4 bytes. */
    private record Wrap(TlObject inner) implements TlObject {
        static final int ID = 0x0a0b0c0d;

        @Override
        public int constructorId() {
            return ID;
        }

        @Override
        public void serializeBody(TlWriter out) {
            out.writeObject(inner);
        }
    }

    private static final TlRegistry REGISTRY = TlRegistry.builder()
            .register(Wrap.ID, in -> new Wrap(in.readObject()))
            .register(TestPair.ID, TestPair::readBody)
            .build();

    private static TlObject nest(int levels) {
        TlObject value = new TestPair(1, "leaf");
        for (int i = 0; i < levels; i++) {
            value = new Wrap(value);
        }
        return value;
    }

    @Test
    void nestingUpToTheBoundDecodes() throws TlDecodeException {
        TlObject deep = nest(TlReader.MAX_DEPTH - 1);
        assertThat(REGISTRY.decode(deep.toByteArray())).isEqualTo(deep);
    }

    @Test
    void deeperNestingFailsWithATypedError() {
        byte[] wire = nest(1000).toByteArray();
        // the 257th boxed value starts at 256 * 4 bytes
        assertThatThrownBy(() -> REGISTRY.decode(wire))
                .isInstanceOf(TlDecodeException.class)
                .hasMessage("values nested deeper than 256 at offset 0x400");
    }
}
