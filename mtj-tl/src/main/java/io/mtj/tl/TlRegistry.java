package io.mtj.tl;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Maps constructor ids to body decoders, so that a boxed value of statically unknown type ({@code Object},
 * {@code !X}) can be decoded. Immutable once built; safe to share between threads.
 */
public final class TlRegistry {
    private static final TlRegistry EMPTY = new TlRegistry(Map.of());

    private final Map<Integer, TlDecoder<? extends TlObject>> decoders;

    private TlRegistry(Map<Integer, TlDecoder<? extends TlObject>> decoders) {
        this.decoders = decoders;
    }

    /** A registry that knows no constructor. */
    public static TlRegistry empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The union of several registries; an id present in more than one keeps the first registry's decoder. */
    public static TlRegistry union(TlRegistry... parts) {
        Map<Integer, TlDecoder<? extends TlObject>> all = new HashMap<>();
        for (TlRegistry part : parts) {
            part.decoders.forEach(all::putIfAbsent);
        }
        return new TlRegistry(Map.copyOf(all));
    }

    /** The body decoder for {@code constructorId}, or null when unknown. */
    public @Nullable TlDecoder<? extends TlObject> decoder(int constructorId) {
        return decoders.get(constructorId);
    }

    public boolean contains(int constructorId) {
        return decoders.containsKey(constructorId);
    }

    /** Number of known constructors and methods. */
    public int size() {
        return decoders.size();
    }

    /** The known ids. */
    public Set<Integer> ids() {
        return decoders.keySet();
    }

    /** Decodes one boxed object from {@code data}, requiring that it fills the array exactly. */
    public TlObject decode(byte[] data) throws TlDecodeException {
        TlReader in = new TlReader(data, this);
        TlObject object = in.readObject();
        in.expectEnd();
        return object;
    }

    /** Collects id-to-decoder pairs; a duplicate id is an error. */
    public static final class Builder {
        private final Map<Integer, TlDecoder<? extends TlObject>> decoders = new HashMap<>();

        private Builder() {}

        public Builder register(int constructorId, TlDecoder<? extends TlObject> decoder) {
            if (decoders.putIfAbsent(constructorId, decoder) != null) {
                throw new IllegalArgumentException(
                        "constructor 0x" + String.format("%08x", constructorId) + " registered twice");
            }
            return this;
        }

        /** Adds every entry of {@code other}. */
        public Builder registerAll(TlRegistry other) {
            other.decoders.forEach(this::register);
            return this;
        }

        public TlRegistry build() {
            return new TlRegistry(Map.copyOf(decoders));
        }
    }
}
