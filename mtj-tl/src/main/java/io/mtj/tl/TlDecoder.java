package io.mtj.tl;

/**
 * Reads one value of type {@code T} from a reader. Used for constructor bodies (after the id has been read) and for
 * vector elements.
 */
@FunctionalInterface
public interface TlDecoder<T> {
    T decode(TlReader in) throws TlDecodeException;
}
