package io.mtj.testdc;

/**
 * Thrown by a handler registered with {@link TestDc#handle} to make the DC answer the call with {@code rpc_error}
 * (for example {@code throw new RpcFailure(420, "FLOOD_WAIT_3")}).
 */
public final class RpcFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int code;
    private final String errorMessage;

    public RpcFailure(int code, String errorMessage) {
        super(code + " " + errorMessage);
        this.code = code;
        this.errorMessage = errorMessage;
    }

    public int code() {
        return code;
    }

    public String errorMessage() {
        return errorMessage;
    }
}
