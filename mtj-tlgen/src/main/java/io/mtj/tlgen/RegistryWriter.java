package io.mtj.tlgen;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes the body of a schema's registry class: the ids of every constructor and function, and one decoder that
 * {@code switch}es on the id to the constructor's {@code readBody}. Ids are compile-time constants and a
 * {@code switch} case links its target only when it runs, so loading the registry loads no constructor's class, and
 * no lambda is made per constructor. The cases assign a local typed {@code TlObject} (an interface, which the
 * bytecode verifier does not check against) rather than forming a switch expression, whose stack map type would be
 * the records' common superclass {@code Record}: verifying that would load every constructor's class.
 *
 * <p>The cases are spread over groups by the id's low bits (the ids are CRC32s, so the groups come out even) to keep
 * every method small enough for the JIT (HotSpot does not compile methods over 8,000 bytes of bytecode).
 */
final class RegistryWriter {
    /** Most cases per group before the ids are split over more groups. */
    static final int MAX_PER_GROUP = 256;

    /** A generated constructor or function: its Java class name and id. */
    record Entry(String javaName, int id) {}

    private RegistryWriter() {}

    /** The number of groups for {@code count} entries: the smallest power of two with at most {@link #MAX_PER_GROUP}. */
    static int groups(int count) {
        int groups = 1;
        while ((count + groups - 1) / groups > MAX_PER_GROUP) {
            groups *= 2;
        }
        return groups;
    }

    /** The class body (no package or imports). */
    static String body(String cls, String schemaName, List<Entry> entries) {
        int groups = groups(entries.size());
        List<List<Entry>> byGroup = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            byGroup.add(new ArrayList<>());
        }
        for (Entry e : entries) {
            byGroup.get(e.id() & (groups - 1)).add(e);
        }
        byGroup.forEach(list -> list.sort(Comparator.comparing(Entry::javaName)));

        StringBuilder b = new StringBuilder();
        b.append("/**\n * Decoders for every constructor and function of ")
                .append(schemaName)
                .append(".\n *\n");
        b.append(
                " * <p>Loading this class loads no constructor's class: the ids are constants, and a switch on the id\n");
        b.append(" * reaches a constructor's {@code readBody} only when that constructor is decoded.\n */\n");
        b.append("public final class ").append(cls).append(" {\n");
        b.append("    /** Number of registered constructors and functions. */\n");
        b.append("    public static final int COUNT = ").append(entries.size()).append(";\n\n");
        b.append("    private static final TlRegistry REGISTRY = TlRegistry.of(new Bodies()");
        for (int g = 0; g < groups; g++) {
            b.append(", ids").append(g).append("()");
        }
        b.append(");\n\n");
        b.append("    private ").append(cls).append("() {}\n\n");
        b.append("    /** The registry; built once, immutable, shared by every reader and client. */\n");
        b.append("    public static TlRegistry registry() {\n        return REGISTRY;\n    }\n\n");
        b.append("    /** Reads a body by constructor id; the registry calls it only with the ids listed here. */\n");
        b.append("    private static final class Bodies implements TlBodyDecoder {\n");
        b.append("        @Override\n");
        b.append("        public TlObject decodeBody(int id, TlReader in) throws TlDecodeException {\n");
        if (groups == 1) {
            b.append("            return bodies0(id, in);\n");
        } else {
            b.append("            return switch (id & ").append(hex(groups - 1)).append(") {\n");
            for (int g = 0; g < groups - 1; g++) {
                b.append("                case ")
                        .append(g)
                        .append(" -> bodies")
                        .append(g)
                        .append("(id, in);\n");
            }
            b.append("                default -> bodies").append(groups - 1).append("(id, in);\n");
            b.append("            };\n");
        }
        b.append("        }\n    }\n");
        for (int g = 0; g < groups; g++) {
            List<Entry> group = byGroup.get(g);
            b.append("\n    private static int[] ids").append(g).append("() {\n");
            if (group.isEmpty()) {
                b.append("        return new int[0];\n    }\n");
            } else {
                b.append("        return new int[] {\n");
                for (Entry e : group) {
                    b.append("            ").append(e.javaName()).append(".ID,\n");
                }
                b.append("        };\n    }\n");
            }
            b.append("\n    private static TlObject bodies").append(g);
            b.append("(int id, TlReader in) throws TlDecodeException {\n");
            b.append("        TlObject value;\n");
            b.append("        switch (id) {\n");
            for (Entry e : group) {
                b.append("            case ").append(e.javaName()).append(".ID -> value = ");
                b.append(e.javaName()).append(".readBody(in);\n");
            }
            b.append(
                    "            default -> throw new IllegalStateException(\"constructor 0x\" + Integer.toHexString(id)");
            b.append(" + \" is not in ").append(schemaName).append("\");\n");
            b.append("        }\n        return value;\n    }\n");
        }
        b.append("}\n");
        return b.toString();
    }

    private static String hex(int value) {
        return String.format("0x%x", value);
    }
}
