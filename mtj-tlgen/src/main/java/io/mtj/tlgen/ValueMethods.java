package io.mtj.tlgen;

import java.util.List;

/**
 * The members a record gets besides its codec: {@code equals}, {@code hashCode} and {@code toString} that compare and
 * print byte arrays by content (a record's own would compare them by identity), and a builder for records with
 * optional fields or many components.
 */
final class ValueMethods {
    private ValueMethods() {}

    static void appendValueMethods(StringBuilder b, String name, String pattern, List<RecordField> components) {
        b.append("\n    @Override\n    public boolean equals(@Nullable Object other) {\n");
        if (components.isEmpty()) {
            b.append("        return other instanceof ").append(pattern).append(";\n    }\n");
        } else {
            b.append("        return other instanceof ").append(pattern).append(" o");
            for (RecordField f : components) {
                b.append("\n                && TlValues.equal(")
                        .append(f.javaName())
                        .append(", o.")
                        .append(f.javaName())
                        .append(')');
            }
            b.append(";\n    }\n");
        }
        b.append("\n    @Override\n    public int hashCode() {\n        return TlValues.hashAll(");
        for (int i = 0; i < components.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(components.get(i).javaName());
        }
        b.append(");\n    }\n");
        b.append("\n    @Override\n    public String toString() {\n        return \"")
                .append(name)
                .append('[');
        for (int i = 0; i < components.size(); i++) {
            RecordField f = components.get(i);
            b.append(i == 0 ? "" : ", ")
                    .append(f.javaName())
                    .append("=\" + TlValues.text(")
                    .append(f.javaName())
                    .append(") + \"");
        }
        b.append("]\";\n    }\n");
    }

    static void appendBuilder(
            StringBuilder b, String name, String typeParams, String diamond, List<RecordField> components) {
        String builderType = "Builder" + typeParams;
        b.append("\n    public static ")
                .append(typeParams.isEmpty() ? "" : typeParams + " ")
                .append(builderType)
                .append(" builder() {\n        return new Builder")
                .append(diamond)
                .append("();\n    }\n");
        b.append("\n    /** Builder; optional fields default to absent, vectors to empty. */\n");
        b.append("    public static final class ").append(builderType).append(" {\n");
        for (RecordField f : components) {
            String type = TypeMap.isJavaPrimitive(f.javaType()) ? f.javaType() : TypeMap.nullable(f.javaType());
            b.append("        private ").append(type).append(' ').append(f.javaName());
            if (!f.nullable() && f.javaType().startsWith("List<")) {
                b.append(" = List.of()");
            }
            b.append(";\n");
        }
        b.append("\n        private Builder() {}\n");
        for (RecordField f : components) {
            b.append("\n        public ")
                    .append(builderType)
                    .append(' ')
                    .append(f.javaName())
                    .append('(')
                    .append(f.declaredType())
                    .append(' ')
                    .append(f.javaName())
                    .append(") {\n            this.")
                    .append(f.javaName())
                    .append(" = ")
                    .append(f.javaName())
                    .append(";\n            return this;\n        }\n");
        }
        b.append("\n        public ").append(name).append(typeParams).append(" build() {\n");
        b.append("            return new ").append(name).append(diamond).append('(');
        for (int i = 0; i < components.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(components.get(i).javaName());
        }
        b.append(");\n        }\n    }\n");
    }
}
