package io.mtj.tl;

/**
 * A TL function call. Serialized like a constructor; the answer (carried by {@code rpc_result}) is decoded by
 * {@link #readResult(TlReader)}, which knows the declared result type {@code R}.
 *
 * @param <R> the Java type of the result
 */
public interface TlMethod<R> extends TlObject {
    /** Decodes this call's result (the boxed value inside {@code rpc_result}). */
    R readResult(TlReader in) throws TlDecodeException;
}
