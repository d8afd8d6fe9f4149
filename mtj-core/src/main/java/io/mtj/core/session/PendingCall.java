package io.mtj.core.session;

import io.mtj.tl.TlDecodeException;
import io.mtj.tl.TlMethod;
import io.mtj.tl.TlReader;
import io.mtj.tl.TlRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

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
    private final Executor completions;
    private volatile long msgId;
    private int sends;
    private volatile boolean carryable;
    private volatile int sentOn;
    private volatile long sentAtNanos;
    private volatile int boundTo;

    PendingCall(TlMethod<R> method, byte[] body, Executor completions) {
        this.method = method;
        this.body = body;
        this.completions = completions;
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

    /** Marks a caller's call (not one the session makes for itself), which another session may take over. */
    void carryable() {
        carryable = true;
    }

    boolean isCarryable() {
        return carryable;
    }

    /** The number of the connection that last carried it (0: never sent). */
    int sentOn() {
        return sentOn;
    }

    void sentOn(int connection) {
        this.sentOn = connection;
        this.sentAtNanos = System.nanoTime();
    }

    /** System.nanoTime() of the latest send. */
    long sentAtNanos() {
        return sentAtNanos;
    }

    /**
     * Ties the call to one connection: it fails when that connection ends instead of being recovered on the next
     * (the session's own calls such as pings, and initConnection, which is made again on every connection).
     */
    void bindTo(int connection) {
        this.boundTo = connection;
    }

    /** The connection the call is tied to, 0 for none. */
    int boundTo() {
        return boundTo;
    }

    /** Counts one more send (first send or resend) and returns the total. Called by the writer only. */
    int countSend() {
        return ++sends;
    }

    /** Takes back one send: the server never received it (a re-send after a lost connection costs nothing). */
    void uncountSend() {
        sends--;
    }

    /**
     * Decodes {@code result} with the method's result reader (on the calling thread) and completes the future
     * through the completion executor.
     */
    void complete(byte[] result, TlRegistry registry, int maxInflated) {
        R value;
        try {
            value = method.readResult(new TlReader(result, 0, result.length, registry, maxInflated));
        } catch (TlDecodeException | RuntimeException e) {
            fail(e);
            return;
        }
        hand(() -> future.complete(value));
    }

    /** Fails the future through the completion executor. */
    public void fail(Throwable cause) {
        hand(() -> future.completeExceptionally(cause));
    }

    private void hand(Runnable completion) {
        try {
            completions.execute(completion);
        } catch (RejectedExecutionException e) {
            completion.run(); // an executor that was shut down must not leave the caller waiting
        }
    }
}
