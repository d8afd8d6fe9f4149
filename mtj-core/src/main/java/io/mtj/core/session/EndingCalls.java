package io.mtj.core.session;

import io.mtj.core.ConnectionLostException;
import io.mtj.core.OutcomeUnknownException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What becomes of a session's calls when a connection ends or the session ends: which fail and with what, and which
 * never left the queue and so may be handed to another session. The session decides that it ends (its lock, its
 * flags); this class only carries the verdict out over the pending table and the queue, so the rules for each
 * ending sit side by side.
 */
final class EndingCalls {
    private final PendingTable pending;
    private final OutboundQueue queue;
    private final SessionHandler handler;

    EndingCalls(PendingTable pending, OutboundQueue queue, SessionHandler handler) {
        this.pending = pending;
        this.queue = queue;
        this.handler = handler;
    }

    /**
     * Connection {@code number} ended with {@code cause}. If the owner keeps the session ({@code keep}), only the
     * calls tied to that connection fail; otherwise every call fails, except those never sent, which go to the
     * owner ({@link SessionHandler#unsent}).
     */
    void connectionEnded(int number, Throwable cause, boolean keep) {
        ConnectionLostException error = new ConnectionLostException("connection lost: " + cause.getMessage(), cause);
        if (keep) {
            for (PendingCall<?> call : pending.snapshot()) {
                if (call.boundTo() == number) {
                    call.fail(error);
                }
            }
            // and those still queued: no writer of that connection will take them, and whoever waits for them
            // (a connect waiting for initConnection) must hear now, not at its deadline
            for (Outbound left : queue.removeBoundTo(number)) {
                PendingCall<?> call = left.call();
                if (call != null) {
                    call.fail(error);
                }
            }
            handler.closed(cause);
            return;
        }
        // the caller's calls that never left the queue cannot have run on the server: the owner may resend them
        List<PendingCall<?>> unsent = takeUnsent(() -> error);
        failPending(error);
        handler.unsent(unsent, error);
        handler.closed(cause);
    }

    /**
     * The session's auth key is gone: the calls never sent are returned for a session under the new key; the
     * others fail as unknown.
     */
    List<PendingCall<?>> retire(String why) {
        List<PendingCall<?>> unsent = takeUnsent(() -> new OutcomeUnknownException(why));
        for (PendingCall<?> call : pending.removeAll()) {
            if (call.sentOn() == 0 && call.isCarryable()) {
                unsent.add(call);
            } else {
                call.fail(new OutcomeUnknownException("whether the server executed "
                        + call.method().getClass().getSimpleName() + " cannot be known: " + why));
            }
        }
        return unsent;
    }

    /** Closes the queue: the caller's calls never sent are returned, everything else queued fails with {@code error}. */
    private List<PendingCall<?>> takeUnsent(Supplier<IOException> error) {
        List<PendingCall<?>> unsent = new ArrayList<>();
        for (Outbound left : queue.close()) {
            PendingCall<?> call = left.call();
            if (call != null
                    && call.isCarryable()
                    && call.sentOn() == 0
                    && !call.future().isDone()) {
                unsent.add(call);
            } else if (call != null) {
                call.fail(error.get());
            }
        }
        return unsent;
    }

    /** Closes the queue and fails every call in it with {@code error}. */
    void failQueued(IOException error) {
        failTaken(queue.close(), error);
    }

    /** Fails the calls of {@code taken}: messages that could not be queued, or that a writer took and could not put back. */
    static void failTaken(List<Outbound> taken, IOException error) {
        for (Outbound left : taken) {
            if (left.call() != null) {
                left.call().fail(error);
            }
        }
    }

    /** Fails every call waiting for an answer with {@code error}. */
    void failPending(IOException error) {
        for (PendingCall<?> call : pending.removeAll()) {
            call.fail(error);
        }
    }
}
