package io.mtj.core.session;

import io.mtj.tl.TlDecodeException;
import io.mtj.tl.TlMethod;
import io.mtj.tl.TlReader;
import io.mtj.tl.TlRegistry;
import java.util.concurrent.CompletableFuture;

/**
 * One call waiting for its answer: the method (which decodes the result), the serialized request (kept for resends),
 * the msg_id it was last sent with, and the future the caller holds.
 *
 * @param <R> the result type
 */
public final class PendingCall<R> {
    private final TlMethod<R> method;
    private final byte[] body;
    private final CompletableFuture<R> future = new CompletableFuture<>();
    private volatile long msgId;
    private int sends;

    PendingCall(TlMethod<R> method, byte[] body) {
        this.method = method;
        this.body = body;
    }

    public TlMethod<R> method() {
        return method;
    }

    /** The serialized request as sent (possibly gzip_packed). */
    byte[] body() {
        return body;
    }

    public CompletableFuture<R> future() {
        return future;
    }

    /** The msg_id of the latest send, 0 before the first. */
    public long msgId() {
        return msgId;
    }

    void msgId(long msgId) {
        this.msgId = msgId;
    }

    /** Counts one more send (first send or resend) and returns the total. Called by the writer only. */
    int countSend() {
        return ++sends;
    }

    /** Decodes {@code result} with the method's result reader and completes the future. */
    void complete(byte[] result, TlRegistry registry, int maxInflated) {
        try {
            R value = method.readResult(new TlReader(result, 0, result.length, registry, maxInflated));
            future.complete(value);
        } catch (TlDecodeException | RuntimeException e) {
            future.completeExceptionally(e);
        }
    }

    void fail(Throwable cause) {
        future.completeExceptionally(cause);
    }
}
