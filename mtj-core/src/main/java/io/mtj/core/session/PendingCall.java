package io.mtj.core.session;

import io.mtj.tl.TlDecodeException;
import io.mtj.tl.TlMethod;
import io.mtj.tl.TlReader;
import io.mtj.tl.TlRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * One call waiting for its answer: the method (which decodes the result), the serialized request (kept for resends),
 * the msg_id it was last sent with, and the future the caller holds.
 *
 * @param <R> the result type
 */
public final class PendingCall<R> {
    private final TlMethod<R> method;
    private final byte[] body;
    private final CallFuture<R> future = new CallFuture<>(this);
    private final Executor completions;
    /** What the session does when the future is done, however it was completed. */
    private volatile @Nullable Done onDone;
    /** The call's place among its client's deadlines, let go when the future is done. */
    private volatile CallDeadlines.@Nullable Entry deadline;

    private volatile long msgId;
    private int sends;
    private volatile boolean carryable;
    private volatile int sentOn;
    private volatile long sentAtNanos;
    private volatile int boundTo;
    /** Sent before a new_session_created's first_msg_id: it may have run in the session the server forgot. */
    private volatile long beforeNewSession;

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

    /** The session's bookkeeping when a call's future is done: forget it, and drop its answer if it was cancelled. */
    @FunctionalInterface
    interface Done {
        void done(PendingCall<?> call, boolean cancelled);
    }

    /**
     * Sets what runs when the future is done (by an answer, a failure, the deadline or the caller's cancel), on the
     * thread that completes it: for an answer or a failure just before the future completes, so whoever sees it done
     * also sees the session's bookkeeping done; for a cancel just after (only a cancel that won may drop the answer).
     * Replaces an earlier one (a session adopting the call). A future done before this is not reported: the writer
     * never puts such a call in the pending table (it checks after putting, too).
     */
    void onDone(Done done) {
        this.onDone = done;
    }

    private void finishing(boolean cancelled) {
        Done done = onDone;
        if (done != null) {
            done.done(this, cancelled);
        }
        CallDeadlines.Entry d = deadline;
        if (d != null) {
            CallDeadlines.release(d);
        }
    }

    /** Sets the call's deadline entry ({@link CallDeadlines#watch}). */
    void deadline(CallDeadlines.Entry entry) {
        this.deadline = entry;
        if (future.isDone()) {
            CallDeadlines.release(entry); // done before the entry was set: the hook above did not see it
        }
    }

    /**
     * The caller's future, which tells its call when it is done. It saves the session a dependent stage per call (a
     * {@code whenComplete} allocates its stage, its future and a lambda, and is one more step of every completion).
     * Every public way to complete it reaches the hook: an answer and a failure come through {@link #complete} and
     * {@link #completeExceptionally}, a cancel through {@link #cancel}, and {@code orTimeout} and
     * {@code completeOnTimeout} use the first two. The hook is idempotent, so a completion that loses a race to
     * another (both ran it) does no harm.
     */
    private static final class CallFuture<R> extends CompletableFuture<R> {
        private final PendingCall<R> call;

        CallFuture(PendingCall<R> call) {
            this.call = call;
        }

        @Override
        public boolean complete(R value) {
            if (isDone()) {
                return false;
            }
            call.finishing(false);
            return super.complete(value);
        }

        @Override
        public boolean completeExceptionally(Throwable error) {
            if (isDone()) {
                return false;
            }
            call.finishing(false);
            return super.completeExceptionally(error);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                call.finishing(true);
            }
            return cancelled;
        }

        /** Dependent stages get plain futures: only the call's own future carries the call. */
        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }
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

    /**
     * Marks the call as sent before the message that started a new server session ({@code firstMsgId}): the server
     * may have run it in the session it forgot, so "not received" from now on ends it as unknown, never re-sent.
     */
    void sentBeforeNewSession(long firstMsgId) {
        this.beforeNewSession = firstMsgId;
    }

    /** The first_msg_id of the new session the call was sent before, or 0. */
    long sentBeforeNewSession() {
        return beforeNewSession;
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
