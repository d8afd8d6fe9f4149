package io.mtj.tlgen;

import io.mtj.tlgen.ServiceSpecials.FieldKind;

/** One record component of a generated record, or a hidden field (a flags word, a length) it reads and writes. */
record RecordField(TlParam param, String javaName, String javaType, boolean nullable, FieldKind kind) {
    boolean isComponent() {
        return !param.isFlagsWord() && kind != FieldKind.LENGTH_OF_NEXT;
    }

    String declaredType() {
        return nullable ? TypeMap.nullable(javaType) : javaType;
    }
}
