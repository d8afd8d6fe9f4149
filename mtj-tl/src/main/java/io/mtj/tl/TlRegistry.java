package io.mtj.tl;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Maps constructor ids to body decoders, so that a boxed value of statically unknown type ({@code Object},
 * {@code !X}) can be decoded. Immutable once built; safe to share between threads, and meant to be shared: the
 * generated registries are built once per JVM and every client and reader uses the same instance.
 *
 * <p>It holds a sorted array of ids and, for each, the {@link TlBodyDecoder} that reads its body. A generated
 * registry lists its ids and one decoder whose {@code switch} reaches the constructor's class only when that
 * constructor is decoded, so building the registry loads no class per constructor (issue 9: the lambda per
 * constructor of the first design loaded about 5,000 classes at start-up).
 */
public final class TlRegistry {
    private static final TlRegistry EMPTY = new TlRegistry(new int[0], new TlBodyDecoder[0]);

    /** Ascending, no duplicates. */
    private final int[] ids;
    /** {@code bodies[i]} decodes {@code ids[i]}. */
    private final TlBodyDecoder[] bodies;

    private TlRegistry(int[] ids, TlBodyDecoder[] bodies) {
        this.ids = ids;
        this.bodies = bodies;
    }

    /** A registry that knows no constructor. */
    public static TlRegistry empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The registry of a generated table: {@code decoder} reads the body of every id in {@code idGroups} (the groups are
     * concatenated; their order does not matter).
     *
     * @throws IllegalArgumentException when an id is listed twice
     */
    public static TlRegistry of(TlBodyDecoder decoder, int[]... idGroups) {
        Objects.requireNonNull(decoder, "decoder");
        int total = 0;
        for (int[] group : idGroups) {
            total += group.length;
        }
        int[] ids = new int[total];
        int at = 0;
        for (int[] group : idGroups) {
            System.arraycopy(group, 0, ids, at, group.length);
            at += group.length;
        }
        Arrays.sort(ids);
        for (int i = 1; i < ids.length; i++) {
            if (ids[i] == ids[i - 1]) {
                throw new IllegalArgumentException("constructor " + hex(ids[i]) + " listed twice");
            }
        }
        TlBodyDecoder[] bodies = new TlBodyDecoder[ids.length];
        Arrays.fill(bodies, decoder);
        return new TlRegistry(ids, bodies);
    }

    /** The union of several registries; an id present in more than one keeps the first registry's decoder. */
    public static TlRegistry union(TlRegistry... parts) {
        Map<Integer, TlBodyDecoder> all = new HashMap<>();
        for (TlRegistry part : parts) {
            for (int i = 0; i < part.ids.length; i++) {
                all.putIfAbsent(part.ids[i], part.bodies[i]);
            }
        }
        return from(all);
    }

    private static TlRegistry from(Map<Integer, TlBodyDecoder> entries) {
        int[] ids = new int[entries.size()];
        int n = 0;
        for (int id : entries.keySet()) {
            ids[n++] = id;
        }
        Arrays.sort(ids);
        TlBodyDecoder[] bodies = new TlBodyDecoder[ids.length];
        for (int i = 0; i < ids.length; i++) {
            bodies[i] = entries.get(ids[i]);
        }
        return new TlRegistry(ids, bodies);
    }

    /** The body decoder for {@code constructorId}, or null when unknown. */
    public @Nullable TlDecoder<? extends TlObject> decoder(int constructorId) {
        int index = index(constructorId);
        if (index < 0) {
            return null;
        }
        TlBodyDecoder body = bodies[index];
        return in -> body.decodeBody(constructorId, in);
    }

    public boolean contains(int constructorId) {
        return index(constructorId) >= 0;
    }

    /** Number of known constructors and methods. */
    public int size() {
        return ids.length;
    }

    /** The known ids, in ascending (signed) order; a new unmodifiable set on each call. */
    public Set<Integer> ids() {
        Set<Integer> out = new LinkedHashSet<>();
        for (int id : ids) {
            out.add(id);
        }
        return Collections.unmodifiableSet(out);
    }

    /** Decodes one boxed object from {@code data}, requiring that it fills the array exactly. */
    public TlObject decode(byte[] data) throws TlDecodeException {
        TlReader in = new TlReader(data, this);
        TlObject object = in.readObject();
        in.expectEnd();
        return object;
    }

    /** Where {@code constructorId} is in this registry, or a negative number when unknown. */
    int index(int constructorId) {
        return Arrays.binarySearch(ids, constructorId);
    }

    /** Decodes the body of the constructor at {@code index} (from {@link #index}), its id already read. */
    TlObject decodeBody(int index, TlReader in) throws TlDecodeException {
        return bodies[index].decodeBody(ids[index], in);
    }

    private static String hex(int id) {
        return "0x" + String.format("%08x", id);
    }

    /** Collects id-to-decoder pairs; a duplicate id is an error. */
    public static final class Builder {
        private final Map<Integer, TlBodyDecoder> decoders = new HashMap<>();

        private Builder() {}

        public Builder register(int constructorId, TlDecoder<? extends TlObject> decoder) {
            Objects.requireNonNull(decoder, "decoder");
            return put(constructorId, (id, in) -> decoder.decode(in));
        }

        /** Adds every entry of {@code other}. */
        public Builder registerAll(TlRegistry other) {
            for (int i = 0; i < other.ids.length; i++) {
                put(other.ids[i], other.bodies[i]);
            }
            return this;
        }

        private Builder put(int constructorId, TlBodyDecoder body) {
            if (decoders.putIfAbsent(constructorId, body) != null) {
                throw new IllegalArgumentException("constructor " + hex(constructorId) + " registered twice");
            }
            return this;
        }

        public TlRegistry build() {
            return from(decoders);
        }
    }
}
