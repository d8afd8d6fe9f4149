package io.mtj.tlgen;

/**
 * The Java expressions that write and read one TL value: a statement for a field's encoding, an expression for its
 * decoding, and the lambdas or method references vectors take for their elements. Both directions are here, side by
 * side, so a type's encoding and decoding are read and changed together.
 */
final class CodecExpressions {
    private final TypeMap types;
    private final GeneratorOptions options;

    CodecExpressions(TypeMap types, GeneratorOptions options) {
        this.types = types;
        this.options = options;
    }

    String writeStatement(TlType t, String value, String out, TlCombinator owner, int depth) {
        if (t.bang() || t.name().equals("Object")) {
            return out + ".writeObject(" + value + ");";
        }
        if (t.isVector()) {
            TlType e = t.element();
            boolean boxedVector = t.name().equals("Vector");
            if (boxedVector && e.name().equals("long") && !e.bare()) {
                return out + ".writeLongVector(" + value + ");";
            }
            if (boxedVector && e.name().equals("int") && !e.bare()) {
                return out + ".writeIntVector(" + value + ");";
            }
            return out + (boxedVector ? ".writeVector(" : ".writeBareVector(") + value + ", "
                    + encoder(e, owner, depth + 1) + ");";
        }
        switch (t.name()) {
            case "int":
                return out + ".writeInt(" + value + ");";
            case "long":
                return out + ".writeLong(" + value + ");";
            case "double":
                return out + ".writeDouble(" + value + ");";
            case "string":
                return out + (options.binaryStrings() ? ".writeBytes(" : ".writeString(") + value + ");";
            case "bytes":
                return out + ".writeBytes(" + value + ");";
            case "int128":
                return out + ".writeInt128(" + value + ");";
            case "int256":
                return out + ".writeInt256(" + value + ");";
            case "Bool":
                return out + ".writeBool(" + value + ");";
            default:
                break;
        }
        if (types.isBareReference(t)) {
            return value + ".serializeBody(" + out + ");";
        }
        return value + ".serialize(" + out + ");";
    }

    private String encoder(TlType e, TlCombinator owner, int depth) {
        if (!e.isVector() && !e.bang()) {
            switch (e.name()) {
                case "int":
                    return "TlWriter::writeInt";
                case "long":
                    return "TlWriter::writeLong";
                case "double":
                    return "TlWriter::writeDouble";
                case "string":
                    return options.binaryStrings() ? "TlWriter::writeBytes" : "TlWriter::writeString";
                case "bytes":
                    return "TlWriter::writeBytes";
                case "int128":
                    return "TlWriter::writeInt128";
                case "int256":
                    return "TlWriter::writeInt256";
                case "Bool":
                    return "TlWriter::writeBool";
                default:
                    if (!types.isBareReference(e)) {
                        return "TlWriter::writeObject";
                    }
            }
        }
        String w = "w" + depth;
        String v = "v" + depth;
        String body = writeStatement(e, v, w, owner, depth);
        return "(" + w + ", " + v + ") -> " + body.substring(0, body.length() - 1);
    }

    String readExpression(TlType t, String in, TlCombinator owner, int depth) {
        if (t.bang()) {
            return "(TlMethod<" + t.name() + ">) " + in + ".readMethod()";
        }
        if (t.isVector()) {
            TlType e = t.element();
            boolean boxedVector = t.name().equals("Vector");
            if (boxedVector && e.name().equals("long") && !e.bare()) {
                return in + ".readLongVector()";
            }
            if (boxedVector && e.name().equals("int") && !e.bare()) {
                return in + ".readIntVector()";
            }
            return in + (boxedVector ? ".readVector(" : ".readBareVector(") + decoder(e, owner, depth + 1) + ", "
                    + types.minSize(e, 0) + ")";
        }
        switch (t.name()) {
            case "int":
                return in + ".readInt()";
            case "long":
                return in + ".readLong()";
            case "double":
                return in + ".readDouble()";
            case "string":
                return in + (options.binaryStrings() ? ".readBytes()" : ".readString()");
            case "bytes":
                return in + ".readBytes()";
            case "int128":
                return in + ".readInt128()";
            case "int256":
                return in + ".readInt256()";
            case "Bool":
                return in + ".readBool()";
            case "Object":
                return in + ".readObject()";
            default:
                break;
        }
        if (types.isBareReference(t)) {
            return Names.combinator(types.bareConstructor(t, owner.line()).name()) + ".readBody(" + in + ")";
        }
        return types.boxedTypeName(t.name(), owner.line()) + ".read(" + in + ")";
    }

    private String decoder(TlType e, TlCombinator owner, int depth) {
        if (!e.isVector() && !e.bang()) {
            switch (e.name()) {
                case "int":
                    return "TlReader::readInt";
                case "long":
                    return "TlReader::readLong";
                case "double":
                    return "TlReader::readDouble";
                case "string":
                    return options.binaryStrings() ? "TlReader::readBytes" : "TlReader::readString";
                case "bytes":
                    return "TlReader::readBytes";
                case "int128":
                    return "TlReader::readInt128";
                case "int256":
                    return "TlReader::readInt256";
                case "Bool":
                    return "TlReader::readBool";
                case "Object":
                    return "TlReader::readObject";
                default:
                    if (types.isBareReference(e)) {
                        return Names.combinator(
                                        types.bareConstructor(e, owner.line()).name()) + "::readBody";
                    }
                    return types.boxedTypeName(e.name(), owner.line()) + "::read";
            }
        }
        String r = "r" + depth;
        return r + " -> " + readExpression(e, r, owner, depth);
    }
}
