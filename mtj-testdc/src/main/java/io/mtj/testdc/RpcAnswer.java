package io.mtj.testdc;

import io.mtj.tl.TlObject;

/**
 * What the test DC answers to one API call: a result object, an {@code rpc_error}, or pre-serialized result bytes.
 * Used by {@link TestDc#enqueue} and returned by {@link TestDc#handleAnswer} handlers.
 */
public sealed interface RpcAnswer {
    /** Answer with {@code result} (serialized boxed). */
    static RpcAnswer result(TlObject result) {
        return new Result(result.toByteArray());
    }

    /** Answer with already serialized boxed result bytes (for results that are not a single object). */
    static RpcAnswer raw(byte[] boxedResult) {
        if (boxedResult.length < 4 || (boxedResult.length & 3) != 0) {
            throw new IllegalArgumentException(
                    "a serialized boxed result is a positive multiple of 4 bytes, got " + boxedResult.length);
        }
        return new Result(boxedResult.clone());
    }

    /** Answer with {@code rpc_error}. */
    static RpcAnswer error(int code, String message) {
        return new Error(code, message);
    }

    /** The serialized boxed result. */
    record Result(byte[] boxed) implements RpcAnswer {
        @Override
        public String toString() {
            return "Result[byte[" + boxed.length + "]]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Result r && java.util.Arrays.equals(boxed, r.boxed);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(boxed);
        }
    }

    /** An {@code rpc_error#2144ca19 error_code:int error_message:string}. */
    record Error(int code, String message) implements RpcAnswer {}
}
