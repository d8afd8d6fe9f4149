package io.mtj.tlgen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How the schema's types become Java types: which constructors a type has, whether a reference is bare or boxed,
 * the Java type of a field, and the smallest encoding of a value. The generator's other parts ask it; none of them
 * looks at the constructor tables directly.
 */
final class TypeMap {
    private final GeneratorOptions options;
    private final Map<String, TlCombinator> constructorsByName = new HashMap<>();
    private final Map<String, List<TlCombinator>> constructorsByType = new LinkedHashMap<>();

    TypeMap(List<TlCombinator> all, GeneratorOptions options) {
        this.options = options;
        for (TlCombinator c : all) {
            if (!c.function()) {
                constructorsByName.put(c.name(), c);
                constructorsByType
                        .computeIfAbsent(c.result().toString(), k -> new ArrayList<>())
                        .add(c);
            }
        }
    }

    /** Every boxed type with its constructors, in schema order. */
    Map<String, List<TlCombinator>> types() {
        return constructorsByType;
    }

    /** The constructors of a boxed type, or null when the schema declares none. */
    @Nullable
    List<TlCombinator> constructorsOf(String tlType) {
        return constructorsByType.get(tlType);
    }

    /** Java name of a boxed TL type: the single record, or the sealed interface. */
    String boxedTypeName(String tlType, String usedBy) {
        List<TlCombinator> ctors = constructorsByType.get(tlType);
        if (ctors == null) {
            throw new TlSchemaException(
                    "type " + tlType + " used by '" + usedBy + "' has no constructor in " + options.schemaName());
        }
        return ctors.size() == 1 ? Names.combinator(ctors.get(0).name()) : Names.sealedType(tlType);
    }

    /** The constructor used for a bare reference ({@code %T} or a lower-case constructor name). */
    TlCombinator bareConstructor(TlType t, String usedBy) {
        TlCombinator byName = constructorsByName.get(t.name());
        if (byName != null) {
            return byName;
        }
        List<TlCombinator> ctors = constructorsByType.get(t.name());
        if (ctors == null || ctors.size() != 1) {
            throw new TlSchemaException("bare type " + t + " used by '" + usedBy
                    + "' must name a constructor or a type with exactly one constructor");
        }
        return ctors.get(0);
    }

    /** True when a named reference means a bare constructor rather than a boxed type. */
    boolean isBareReference(TlType t) {
        if (t.bare()) {
            return true;
        }
        String last = t.name().substring(t.name().lastIndexOf('.') + 1);
        return !last.isEmpty()
                && Character.isLowerCase(last.charAt(0))
                && !constructorsByType.containsKey(t.name())
                && constructorsByName.containsKey(t.name());
    }

    String javaType(TlType t, boolean boxed, TlCombinator owner) {
        if (t.bang()) {
            return "TlMethod<" + t.name() + ">";
        }
        if (t.isVector()) {
            return "List<" + javaType(t.element(), true, owner) + ">";
        }
        switch (t.name()) {
            case "int":
                return boxed ? "Integer" : "int";
            case "long":
                return boxed ? "Long" : "long";
            case "double":
                return boxed ? "Double" : "double";
            case "string":
                return options.binaryStrings() ? "byte[]" : "String";
            case "bytes", "int128", "int256":
                return "byte[]";
            case "Bool", "true":
                return boxed ? "Boolean" : "boolean";
            case "Object":
                return "TlObject";
            default:
                break;
        }
        if (owner.typeParams().contains(t.name())) {
            return t.name();
        }
        if (isBareReference(t)) {
            return Names.combinator(bareConstructor(t, owner.line()).name());
        }
        return boxedTypeName(t.name(), owner.line());
    }

    static String nullable(String javaType) {
        if (javaType.endsWith("[]")) {
            return javaType.substring(0, javaType.length() - 2) + " @Nullable []";
        }
        return "@Nullable " + javaType;
    }

    static boolean isJavaPrimitive(String javaType) {
        return switch (javaType) {
            case "int", "long", "double", "boolean" -> true;
            default -> false;
        };
    }

    /** Smallest encoded size of a value, used to bound vector counts before allocating. */
    int minSize(TlType t, int depth) {
        if (t.bang() || t.isVector()) {
            return t.isVector() && t.name().equals("vector") ? 4 : (t.bang() ? 4 : 8);
        }
        switch (t.name()) {
            case "long", "double":
                return 8;
            case "int128":
                return 16;
            case "int256":
                return 32;
            case "int", "string", "bytes", "Bool", "Object":
                return 4;
            default:
                break;
        }
        if (isBareReference(t) && depth < 8) {
            TlCombinator c = bareConstructor(t, t.toString());
            int sum = 0;
            for (TlParam p : c.params()) {
                if (!p.isOptional()) {
                    sum += p.isFlagsWord() ? 4 : minSize(p.type(), depth + 1);
                }
            }
            return sum;
        }
        return 4;
    }
}
