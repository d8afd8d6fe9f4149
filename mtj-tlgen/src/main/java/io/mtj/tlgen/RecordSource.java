package io.mtj.tlgen;

import io.mtj.tlgen.ServiceSpecials.FieldKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The source of one record: a TL constructor or function with its components, compact constructor checks,
 * {@code serializeBody}, {@code readBody}, the boxed {@code read} of a single-constructor type, a function's
 * {@code readResult}, and (through {@link ValueMethods}) value methods and a builder where they are wanted.
 */
final class RecordSource {
    private final TypeMap types;
    private final CodecExpressions codec;
    private final GeneratorOptions options;
    private final SourceHead head;

    RecordSource(TypeMap types, CodecExpressions codec, GeneratorOptions options, SourceHead head) {
        this.types = types;
        this.codec = codec;
        this.options = options;
        this.head = head;
    }

    private List<RecordField> fields(TlCombinator c) {
        List<RecordField> out = new ArrayList<>();
        for (TlParam p : c.params()) {
            FieldKind kind = options.serviceSpecials() ? ServiceSpecials.kind(c.name(), p.name()) : FieldKind.NORMAL;
            String type;
            boolean nullable = false;
            if (p.isFlagsWord() || kind == FieldKind.LENGTH_OF_NEXT) {
                type = "int";
            } else if (kind == FieldKind.RAW_REST || kind == FieldKind.RAW_SIZED) {
                type = "byte[]";
            } else if (p.isFlagOnly()) {
                type = "boolean";
            } else if (p.isOptional()) {
                type = types.javaType(p.type(), true, c);
                nullable = true;
            } else {
                type = types.javaType(p.type(), false, c);
            }
            out.add(new RecordField(p, Names.field(p.name()), type, nullable, kind));
        }
        return out;
    }

    private String resultType(TlCombinator c) {
        return types.javaType(c.result(), true, c);
    }

    String record(TlCombinator c) {
        String name = Names.combinator(c.name());
        List<RecordField> fields = fields(c);
        List<RecordField> components =
                fields.stream().filter(RecordField::isComponent).toList();
        String typeParams = c.typeParams().isEmpty() ? "" : "<" + String.join(", ", c.typeParams()) + ">";
        String self = name + typeParams;
        String diamond = c.typeParams().isEmpty() ? "" : "<>";
        List<TlCombinator> siblings =
                c.function() ? List.of() : types.constructorsOf(c.result().toString());
        String supertype;
        if (c.function()) {
            supertype = "TlMethod<" + resultType(c) + ">";
        } else if (siblings != null && siblings.size() > 1) {
            supertype = Names.sealedType(c.result().toString());
        } else {
            supertype = "TlObject";
        }
        boolean hasBytes = components.stream().anyMatch(f -> f.javaType().contains("byte[]"));

        StringBuilder b = new StringBuilder();
        b.append("/** {@code ").append(SourceHead.javadoc(c.line())).append("}. */\n");
        b.append("public record ").append(self).append('(');
        for (int i = 0; i < components.size(); i++) {
            RecordField f = components.get(i);
            b.append(i == 0 ? "" : ", ").append(f.declaredType()).append(' ').append(f.javaName());
        }
        b.append(") implements ").append(supertype).append(" {\n");
        b.append("    public static final int ID = ")
                .append(SourceHead.hex(c.id()))
                .append(";\n");

        List<RecordField> required = components.stream()
                .filter(f -> !f.nullable() && !TypeMap.isJavaPrimitive(f.javaType()))
                .toList();
        List<List<RecordField>> sharedBits = sharedFlagBits(components);
        if (!required.isEmpty() || !sharedBits.isEmpty()) {
            b.append("\n    public ").append(name).append(" {\n");
            for (RecordField f : required) {
                b.append("        Objects.requireNonNull(")
                        .append(f.javaName())
                        .append(", \"")
                        .append(f.javaName())
                        .append("\");\n");
            }
            for (List<RecordField> group : sharedBits) {
                // one bit marks several fields: they are present together or absent together
                String first = presence(group.get(0));
                List<String> names = group.stream().map(RecordField::javaName).toList();
                TlParam p0 = group.get(0).param();
                for (RecordField other : group.subList(1, group.size())) {
                    b.append("        if (")
                            .append(first)
                            .append(" != ")
                            .append(presence(other))
                            .append(") {\n            throw new IllegalArgumentException(\"")
                            .append(String.join(", ", names.subList(0, names.size() - 1)))
                            .append(" and ")
                            .append(names.get(names.size() - 1))
                            .append(" share ")
                            .append(p0.flagField())
                            .append('.')
                            .append(p0.flagBit())
                            .append(": set all or none\");\n        }\n");
                }
            }
            b.append("    }\n");
        }

        b.append("\n    @Override\n    public int constructorId() {\n        return ID;\n    }\n");

        // serializeBody
        b.append("\n    @Override\n    public void serializeBody(TlWriter out) {\n");
        for (RecordField flagsWord : fields) {
            if (!flagsWord.param().isFlagsWord()) {
                continue;
            }
            b.append("        int ").append(flagsWord.javaName()).append(" = 0");
            for (RecordField f : fields) {
                if (flagsWord.param().name().equals(f.param().flagField())) {
                    String test = f.param().isFlagOnly() ? f.javaName() : f.javaName() + " != null";
                    b.append("\n                | (")
                            .append(test)
                            .append(" ? ")
                            .append(SourceHead.hex(1 << f.param().flagBit()))
                            .append(" : 0)");
                }
            }
            b.append(";\n");
        }
        for (int i = 0; i < fields.size(); i++) {
            RecordField f = fields.get(i);
            TlParam p = f.param();
            if (p.isFlagsWord()) {
                b.append("        out.writeInt(").append(f.javaName()).append(");\n");
            } else if (f.kind() == FieldKind.LENGTH_OF_NEXT) {
                b.append("        out.writeInt(")
                        .append(fields.get(i + 1).javaName())
                        .append(".length);\n");
            } else if (f.kind() == FieldKind.RAW_REST || f.kind() == FieldKind.RAW_SIZED) {
                b.append("        out.writeRaw(").append(f.javaName()).append(");\n");
            } else if (p.isFlagOnly()) {
                continue;
            } else if (p.isOptional()) {
                b.append("        if (")
                        .append(f.javaName())
                        .append(" != null) {\n            ")
                        .append(codec.writeStatement(p.type(), f.javaName(), "out", c, 0))
                        .append("\n        }\n");
            } else {
                b.append("        ")
                        .append(codec.writeStatement(p.type(), f.javaName(), "out", c, 0))
                        .append('\n');
            }
        }
        b.append("    }\n");

        // readBody
        b.append("\n    /** Reads the body (after the constructor id). */\n");
        if (!c.typeParams().isEmpty()) {
            b.append("    @SuppressWarnings(\"unchecked\")\n");
        }
        b.append("    public static ")
                .append(typeParams.isEmpty() ? "" : typeParams + " ")
                .append(self)
                .append(" readBody(TlReader in) throws TlDecodeException {\n");
        for (RecordField f : fields) {
            TlParam p = f.param();
            b.append("        ");
            if (p.isFlagsWord() || f.kind() == FieldKind.LENGTH_OF_NEXT) {
                b.append("int ").append(f.javaName()).append(" = in.readInt();\n");
            } else if (f.kind() == FieldKind.RAW_REST) {
                b.append("byte[] ").append(f.javaName()).append(" = in.readRemaining();\n");
            } else if (f.kind() == FieldKind.RAW_SIZED) {
                RecordField length = fields.get(fields.indexOf(f) - 1);
                b.append("byte[] ")
                        .append(f.javaName())
                        .append(" = in.readRaw(")
                        .append(length.javaName())
                        .append(");\n");
            } else if (p.isOptional()) {
                String test = "(" + Names.field(Objects.requireNonNull(p.flagField())) + " & "
                        + SourceHead.hex(1 << p.flagBit()) + ") != 0";
                if (p.isFlagOnly()) {
                    b.append("boolean ")
                            .append(f.javaName())
                            .append(" = ")
                            .append(test)
                            .append(";\n");
                } else {
                    b.append(f.declaredType())
                            .append(' ')
                            .append(f.javaName())
                            .append(" = ")
                            .append(test)
                            .append(" ? ")
                            .append(codec.readExpression(p.type(), "in", c, 0))
                            .append(" : null;\n");
                }
            } else {
                b.append(f.javaType())
                        .append(' ')
                        .append(f.javaName())
                        .append(" = ")
                        .append(codec.readExpression(p.type(), "in", c, 0))
                        .append(";\n");
            }
        }
        b.append("        return new ").append(name).append(diamond).append('(');
        for (int i = 0; i < components.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(components.get(i).javaName());
        }
        b.append(");\n    }\n");

        // boxed read for a type whose only constructor this is
        if (!c.function() && "TlObject".equals(supertype)) {
            b.append("\n    /** Reads a boxed value (constructor id, then body); inflates gzip_packed. */\n");
            b.append("    public static ").append(name).append(" read(TlReader in) throws TlDecodeException {\n");
            b.append("        int at = in.position();\n");
            b.append("        int id = in.readInt();\n");
            b.append("        if (id == ID) {\n");
            b.append("            in.enter(at);\n");
            b.append("            ").append(name).append(" value = readBody(in);\n");
            b.append("            in.exit();\n");
            b.append("            return value;\n        }\n");
            b.append("        if (id == TlGzip.GZIP_PACKED_ID) {\n            return read(in.readGzipPacked(at));\n"
                    + "        }\n");
            b.append("        throw in.unknownConstructor(id, at, \"")
                    .append(c.result())
                    .append("\");\n    }\n");
        }

        if (c.function()) {
            b.append("\n    @Override\n    public ")
                    .append(resultType(c))
                    .append(" readResult(TlReader in) throws TlDecodeException {\n        return ")
                    .append(resultExpression(c, fields))
                    .append(";\n    }\n");
        }

        if (hasBytes) {
            ValueMethods.appendValueMethods(b, name, c.typeParams().isEmpty() ? name : name + "<?>", components);
        }
        if (fields.stream().anyMatch(f -> f.param().isFlagsWord()) || components.size() > 5) {
            ValueMethods.appendBuilder(b, name, typeParams, diamond, components);
        }
        b.append("}\n");
        return head.fileHead(b.toString()) + b;
    }

    /** Groups of two or more optional fields that share one flag bit, in field order. */
    private static List<List<RecordField>> sharedFlagBits(List<RecordField> components) {
        Map<String, List<RecordField>> byBit = new LinkedHashMap<>();
        for (RecordField f : components) {
            if (f.param().isOptional()) {
                byBit.computeIfAbsent(f.param().flagField() + "." + f.param().flagBit(), k -> new ArrayList<>())
                        .add(f);
            }
        }
        return byBit.values().stream().filter(g -> g.size() > 1).toList();
    }

    private static String presence(RecordField f) {
        return f.param().isFlagOnly() ? f.javaName() : "(" + f.javaName() + " != null)";
    }

    private String resultExpression(TlCombinator c, List<RecordField> fields) {
        TlType r = c.result();
        if (c.typeParams().contains(r.name()) && r.argument() == null) {
            for (RecordField f : fields) {
                if (f.param().type().bang() && f.param().type().name().equals(r.name())) {
                    return f.javaName() + ".readResult(in)";
                }
            }
            throw new TlSchemaException("function '" + c.line() + "' returns " + r + " but has no !" + r + " field");
        }
        return codec.readExpression(r, "in.unwrapGzip()", c, 0);
    }
}
