package io.mtj.tl;

/**
 * A TL constructor value (or a method call, see {@link TlMethod}). The boxed form is the 32-bit constructor id
 * followed by the body; the bare form is the body alone.
 */
public interface TlObject {
    /** The 32-bit constructor id written before the body in the boxed form. */
    int constructorId();

    /** Writes the bare body (everything after the constructor id). */
    void serializeBody(TlWriter out);

    /** Writes the boxed form: constructor id, then body. */
    default void serialize(TlWriter out) {
        out.writeInt(constructorId());
        serializeBody(out);
    }

    /** The boxed form as a new array. */
    default byte[] toByteArray() {
        TlWriter out = new TlWriter();
        serialize(out);
        return out.toByteArray();
    }
}
