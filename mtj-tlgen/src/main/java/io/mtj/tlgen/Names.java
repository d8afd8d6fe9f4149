package io.mtj.tlgen;

import java.util.Locale;
import java.util.Set;

/** The fixed naming rules from TL names to Java names (see docs/TL.md). */
public final class Names {
    private static final Set<String> KEYWORDS = Set.of(
            "abstract",
            "assert",
            "boolean",
            "break",
            "byte",
            "case",
            "catch",
            "char",
            "class",
            "const",
            "continue",
            "default",
            "do",
            "double",
            "else",
            "enum",
            "extends",
            "final",
            "finally",
            "float",
            "for",
            "goto",
            "if",
            "implements",
            "import",
            "instanceof",
            "int",
            "interface",
            "long",
            "native",
            "new",
            "package",
            "private",
            "protected",
            "public",
            "return",
            "short",
            "static",
            "strictfp",
            "super",
            "switch",
            "synchronized",
            "this",
            "throw",
            "throws",
            "transient",
            "try",
            "void",
            "volatile",
            "while",
            "true",
            "false",
            "null",
            "var",
            "record",
            "yield",
            "sealed",
            "permits",
            "non-sealed",
            "when",
            "_");

    /** Names used by generated members or locals; a TL field with one of these names gets a trailing '_'. */
    private static final Set<String> RESERVED = Set.of(
            "constructorId",
            "serializeBody",
            "serialize",
            "toByteArray",
            "readResult",
            "readBody",
            "read",
            "builder",
            "build",
            "equals",
            "hashCode",
            "toString",
            "getClass",
            "notify",
            "notifyAll",
            "wait",
            "clone",
            "finalize",
            "in",
            "out",
            "ID");

    private Names() {}

    /**
     * PascalCase of a full TL name, namespace first: {@code p_q_inner_data_dc -> PQInnerDataDc},
     * {@code auth.sentCode -> AuthSentCode}, {@code Server_DH_Params -> ServerDHParams}.
     */
    public static String pascal(String tlName) {
        StringBuilder out = new StringBuilder(tlName.length());
        for (String part : tlName.split("[._]")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part, 1, part.length());
            }
        }
        return out.toString();
    }

    /** camelCase of a TL field name ({@code server_nonce -> serverNonce}), escaped when it clashes. */
    public static String field(String tlName) {
        String p = pascal(tlName);
        String camel = p.isEmpty() ? "value" : Character.toLowerCase(p.charAt(0)) + p.substring(1);
        if (KEYWORDS.contains(camel) || RESERVED.contains(camel)) {
            return camel + "_";
        }
        return camel;
    }

    /** The record or class name of a constructor or function. */
    public static String combinator(String tlName) {
        return pascal(tlName);
    }

    /** The sealed interface name of a type with two or more constructors. */
    public static String sealedType(String tlType) {
        return pascal(tlType) + "Type";
    }

    /** Lower-cased form for case-insensitive collision checks. */
    static String fold(String javaName) {
        return javaName.toLowerCase(Locale.ROOT);
    }
}
