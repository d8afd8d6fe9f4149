package io.mtj.api;

import io.mtj.api.mtproto.Ping;
import io.mtj.tl.TlObject;
import io.mtj.tl.TlWriter;
import io.mtj.tlgen.GeneratorOptions;
import io.mtj.tlgen.JavaGenerator;
import io.mtj.tlgen.Names;
import io.mtj.tlgen.TlCombinator;
import io.mtj.tlgen.TlParam;
import io.mtj.tlgen.TlSchema;
import io.mtj.tlgen.TlType;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * Builds sample instances of generated records by reflection, driven by the parsed schema: every field gets a
 * seeded random value of its TL type, flag bits are switched on or off at random (consistently for fields sharing a
 * bit), vectors get 0-3 elements, and nesting deeper than three levels picks the simplest constructor.
 */
final class SampleValues {
    private static final int MAX_DEPTH = 2;

    private final Random random;
    private final String packageName;
    private final boolean binaryStrings;
    private final Map<String, TlCombinator> byName = new HashMap<>();
    private final Map<String, List<TlCombinator>> byType = new LinkedHashMap<>();

    /** Restarts the random sequence, so that each combinator's sample depends only on its seed. */
    SampleValues reseed(long seed) {
        random.setSeed(seed);
        return this;
    }

    SampleValues(TlSchema schema, GeneratorOptions options, long seed) {
        this.random = new Random(seed);
        this.packageName = options.packageName();
        this.binaryStrings = options.binaryStrings();
        for (TlCombinator c : JavaGenerator.effectiveCombinators(schema, options)) {
            if (!c.function()) {
                byName.put(c.name(), c);
                byType.computeIfAbsent(c.result().toString(), k -> new ArrayList<>())
                        .add(c);
            }
        }
    }

    Class<?> javaClass(TlCombinator c) throws ClassNotFoundException {
        return Class.forName(packageName + "." + Names.combinator(c.name()));
    }

    /** A sample instance of the record generated for {@code c}. */
    TlObject instance(TlCombinator c, int depth) throws ReflectiveOperationException {
        Class<?> cls = javaClass(c);
        RecordComponent[] components = cls.getRecordComponents();
        Map<String, Boolean> bits = new HashMap<>();
        Map<String, @Nullable Object> values = new HashMap<>();
        for (TlParam p : c.params()) {
            if (p.isFlagsWord()) {
                continue;
            }
            String field = Names.field(p.name());
            if (p.isOptional()) {
                boolean on = bits.computeIfAbsent(p.flagField() + "." + p.flagBit(), k -> random.nextBoolean());
                if (p.isFlagOnly()) {
                    values.put(field, on);
                } else {
                    values.put(field, on ? value(p.type(), depth + 1, true) : null);
                }
            } else {
                values.put(field, value(p.type(), depth + 1, false));
            }
        }
        @Nullable Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            String name = components[i].getName();
            types[i] = components[i].getType();
            @Nullable Object v = values.get(name);
            if (types[i] == byte[].class && v instanceof TlObject o) {
                // service specials keep Object fields raw (rpc_result.result, message.body)
                v = o.toByteArray();
            }
            args[i] = v;
        }
        Constructor<?> ctor = cls.getDeclaredConstructor(types);
        return (TlObject) ctor.newInstance(args);
    }

    /** A sample value of a TL type; {@code boxed} asks for wrapper types (unused: reflection boxes anyway). */
    Object value(TlType t, int depth, boolean boxed) throws ReflectiveOperationException {
        if (t.bang()) {
            return new Ping(random.nextLong());
        }
        if (t.isVector()) {
            int n = depth > MAX_DEPTH ? 0 : random.nextInt(4);
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(value(t.element(), depth + 1, true));
            }
            return List.copyOf(list);
        }
        @Nullable
        Object primitive =
                switch (t.name()) {
                    case "int" -> random.nextInt();
                    case "long" -> random.nextLong();
                    case "double" -> random.nextDouble() * 1000 - 500;
                    case "Bool", "true" -> random.nextBoolean();
                    case "int128" -> randomBytes(16);
                    case "int256" -> randomBytes(32);
                    case "bytes" -> randomBytes(randomLength());
                    case "string" -> binaryStrings ? randomBytes(randomLength()) : randomString();
                    case "Object" -> new Ping(random.nextLong());
                    default -> null;
                };
        if (primitive != null) {
            return primitive;
        }
        TlCombinator bare = byName.get(t.name());
        List<TlCombinator> ctors = byType.get(t.name());
        if (t.bare() && ctors != null && ctors.size() == 1) {
            return instance(ctors.get(0), depth);
        }
        if (ctors == null && bare != null) {
            return instance(bare, depth);
        }
        if (ctors == null) {
            throw new IllegalStateException("no constructor for " + t);
        }
        TlCombinator pick = depth > MAX_DEPTH
                ? ctors.stream()
                        .min(Comparator.comparingInt(SampleValues::weight))
                        .orElseThrow()
                : ctors.get(random.nextInt(ctors.size()));
        return instance(pick, depth);
    }

    /** Number of required non-primitive fields: the simplest constructor ends the recursion. */
    private static int weight(TlCombinator c) {
        int w = 0;
        for (TlParam p : c.params()) {
            if (!p.isOptional() && !p.isFlagsWord()) {
                String n = p.type().name();
                boolean primitive =
                        switch (n) {
                            case "int", "long", "double", "string", "bytes", "int128", "int256", "Bool", "true" -> true;
                            default -> false;
                        };
                w += primitive ? 0 : 1;
            }
        }
        return w;
    }

    private int randomLength() {
        // mostly short, sometimes around the 254 boundary, sometimes long
        return switch (random.nextInt(6)) {
            case 0 -> 253 + random.nextInt(3);
            case 1 -> 300 + random.nextInt(200);
            default -> random.nextInt(20);
        };
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private String randomString() {
        int n = random.nextInt(12);
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(10);
            s.appendCodePoint(
                    kind == 0
                            ? 0x00e0 + random.nextInt(20)
                            : kind == 1 ? 0x1f600 + random.nextInt(40) : 'a' + random.nextInt(26));
        }
        return s.toString();
    }

    /** Serializes a value of a TL type, the way a generated field writer would (for result round trips). */
    static void write(TlWriter out, TlType t, Object v, boolean binaryStrings) {
        if (t.isVector()) {
            List<?> list = (List<?>) v;
            if (t.name().equals("Vector")) {
                out.writeInt(TlWriter.VECTOR_ID);
            }
            out.writeInt(list.size());
            for (Object e : list) {
                write(out, t.element(), e, binaryStrings);
            }
            return;
        }
        switch (t.name()) {
            case "int" -> out.writeInt((Integer) v);
            case "long" -> out.writeLong((Long) v);
            case "double" -> out.writeDouble((Double) v);
            case "Bool" -> out.writeBool((Boolean) v);
            case "int128" -> out.writeInt128((byte[]) v);
            case "int256" -> out.writeInt256((byte[]) v);
            case "bytes" -> out.writeBytes((byte[]) v);
            case "string" -> {
                if (binaryStrings) {
                    out.writeBytes((byte[]) v);
                } else {
                    out.writeString((String) v);
                }
            }
            default -> {
                if (t.bare()) {
                    ((TlObject) v).serializeBody(out);
                } else {
                    ((TlObject) v).serialize(out);
                }
            }
        }
    }
}
