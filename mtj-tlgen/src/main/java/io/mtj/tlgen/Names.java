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

    /**
     * The public top-level types of {@code java.lang} (JDK 21 to 25): a generated class with one of these names would
     * shadow it in its package, so it gets the {@value #JAVA_LANG_PREFIX} prefix ({@code error -> TlError}).
     */
    private static final Set<String> JAVA_LANG = Set.of(
            "AbstractMethodError",
            "Appendable",
            "ArithmeticException",
            "ArrayIndexOutOfBoundsException",
            "ArrayStoreException",
            "AssertionError",
            "AutoCloseable",
            "Boolean",
            "BootstrapMethodError",
            "Byte",
            "CharSequence",
            "Character",
            "Class",
            "ClassCastException",
            "ClassCircularityError",
            "ClassFormatError",
            "ClassLoader",
            "ClassNotFoundException",
            "ClassValue",
            "CloneNotSupportedException",
            "Cloneable",
            "Comparable",
            "Deprecated",
            "Double",
            "Enum",
            "EnumConstantNotPresentException",
            "Error",
            "Exception",
            "ExceptionInInitializerError",
            "Float",
            "FunctionalInterface",
            "IO",
            "IllegalAccessError",
            "IllegalAccessException",
            "IllegalArgumentException",
            "IllegalCallerException",
            "IllegalMonitorStateException",
            "IllegalStateException",
            "IllegalThreadStateException",
            "IncompatibleClassChangeError",
            "IndexOutOfBoundsException",
            "InheritableThreadLocal",
            "InstantiationError",
            "InstantiationException",
            "Integer",
            "InternalError",
            "InterruptedException",
            "Iterable",
            "LayerInstantiationException",
            "LinkageError",
            "Long",
            "MatchException",
            "Math",
            "Module",
            "ModuleLayer",
            "NegativeArraySizeException",
            "NoClassDefFoundError",
            "NoSuchFieldError",
            "NoSuchFieldException",
            "NoSuchMethodError",
            "NoSuchMethodException",
            "NullPointerException",
            "Number",
            "NumberFormatException",
            "Object",
            "OutOfMemoryError",
            "Override",
            "Package",
            "Process",
            "ProcessBuilder",
            "ProcessHandle",
            "Readable",
            "Record",
            "ReflectiveOperationException",
            "Runnable",
            "Runtime",
            "RuntimeException",
            "RuntimePermission",
            "SafeVarargs",
            "ScopedValue",
            "SecurityException",
            "SecurityManager",
            "Short",
            "StableValue",
            "StackOverflowError",
            "StackTraceElement",
            "StackWalker",
            "StrictMath",
            "String",
            "StringBuffer",
            "StringBuilder",
            "StringIndexOutOfBoundsException",
            "SuppressWarnings",
            "System",
            "Thread",
            "ThreadDeath",
            "ThreadGroup",
            "ThreadLocal",
            "Throwable",
            "TypeNotPresentException",
            "UnknownError",
            "UnsatisfiedLinkError",
            "UnsupportedClassVersionError",
            "UnsupportedOperationException",
            "VerifyError",
            "VirtualMachineError",
            "Void",
            "WrongThreadException");

    /** Prefix of a generated class whose name would be a {@code java.lang} type's. */
    public static final String JAVA_LANG_PREFIX = "Tl";

    /** Suffix of the sealed interface of a type with two or more constructors. */
    public static final String SEALED_SUFFIX = "Type";

    /** The same, for a type whose own name already ends in {@value #SEALED_SUFFIX} ({@code ButtonType -> ButtonTypeKind}). */
    public static final String SEALED_SUFFIX_AFTER_TYPE = "Kind";

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

    /**
     * The record or class name of a constructor or function: its PascalCase, prefixed with {@value #JAVA_LANG_PREFIX}
     * when that is a {@code java.lang} type's name ({@code help.getConfig -> HelpGetConfig}, {@code error -> TlError}).
     */
    public static String combinator(String tlName) {
        return outsideJavaLang(pascal(tlName));
    }

    /**
     * The sealed interface name of a type with two or more constructors: PascalCase plus {@value #SEALED_SUFFIX}
     * ({@code User -> UserType}), or plus {@value #SEALED_SUFFIX_AFTER_TYPE} when the type's name already ends in
     * {@value #SEALED_SUFFIX}, so that no name says it twice ({@code auth.CodeType -> AuthCodeTypeKind}).
     */
    public static String sealedType(String tlType) {
        String p = pascal(tlType);
        return outsideJavaLang(p + (p.endsWith(SEALED_SUFFIX) ? SEALED_SUFFIX_AFTER_TYPE : SEALED_SUFFIX));
    }

    private static String outsideJavaLang(String javaName) {
        return JAVA_LANG.contains(javaName) ? JAVA_LANG_PREFIX + javaName : javaName;
    }

    /** Lower-cased form for case-insensitive collision checks. */
    static String fold(String javaName) {
        return javaName.toLowerCase(Locale.ROOT);
    }
}
