package io.mtj.tl;

/**
 * Decodes the body of any constructor of one table, chosen by its id: what a generated registry implements with
 * one {@code switch}, so that no class of a constructor is loaded before that constructor is met on the wire.
 *
 * <p>A {@link TlRegistry} calls it only with ids it lists for this decoder (see {@link TlRegistry#of}); any other id
 * is a programming error, not malformed input.
 */
@FunctionalInterface
public interface TlBodyDecoder {
    /** Reads the body of constructor {@code constructorId}, whose id {@code in} has already consumed. */
    TlObject decodeBody(int constructorId, TlReader in) throws TlDecodeException;
}
