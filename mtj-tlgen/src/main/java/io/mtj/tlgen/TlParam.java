package io.mtj.tlgen;

import org.jspecify.annotations.Nullable;

/**
 * One argument of a combinator.
 *
 * @param name the TL name ({@code server_nonce})
 * @param type its type ({@code #} for a flags field)
 * @param flagField for {@code flags.N?T}, the name of the flags field, else null
 * @param flagBit for {@code flags.N?T}, N, else -1
 */
public record TlParam(String name, TlType type, @Nullable String flagField, int flagBit) {

    /** True for a {@code name:#} flags word. */
    public boolean isFlagsWord() {
        return type.name().equals("#") && flagField == null;
    }

    /** True for {@code flags.N?T}. */
    public boolean isOptional() {
        return flagField != null;
    }

    /** True for {@code flags.N?true}: a bit with no data. */
    public boolean isFlagOnly() {
        return flagField != null && type.name().equals("true") && type.argument() == null;
    }
}
