package io.mtj.tl;

/** Writes one value of type {@code T}; used for vector elements. */
@FunctionalInterface
public interface TlEncoder<T> {
    void encode(TlWriter out, T value);
}
