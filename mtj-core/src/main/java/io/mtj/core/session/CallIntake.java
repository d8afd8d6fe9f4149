package io.mtj.core.session;

import io.mtj.api.mtproto.GetFutureSalts;
import io.mtj.api.mtproto.RpcDropAnswer;
import io.mtj.tl.TlMethod;
import io.mtj.tl.TlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * How calls enter a {@link Session}: a method becomes a {@link PendingCall} (serialised, gzipped when worth it,
 * leaving the pending table when its future completes, {@code rpc_drop_answer} when it is cancelled after its send)
 * and goes into the outbound queue, or fails at once with the reason the session ended. The session's own requests
 * (future salts) enter the same way. Apart from the session so that the session keeps its state and its lifecycle,
 * and this keeps the way in.
 */
final class CallIntake {
    private final Session session;
    /**
     * Once a call's future is done: out of the pending table; cancelled after it was sent: rpc_drop_answer. A hook
     * of the call's own future ({@link PendingCall#onDone}), not a whenComplete stage per call.
     */
    private final PendingCall.Done callDone;

    CallIntake(Session session) {
        this.session = session;
        this.callDone = (call, cancelled) -> {
            long id = call.msgId();
            session.pending.remove(id, call);
            if (cancelled && id != 0 && !session.isClosed()) {
                dropAnswer(id);
            }
        };
    }

    /** A call for {@code method}, registered to leave the pending table when its future completes. */
    <R> PendingCall<R> prepare(TlMethod<R> method) {
        byte[] body = GzipPolicy.maybePack(TlWriter.serialize(method), session.options.gzipThreshold());
        PendingCall<R> call = new PendingCall<>(method, body, session.completions);
        call.onDone(callDone);
        return call;
    }

    /** A caller's call (one another session may take over), watched by {@code deadlines} if given, queued. */
    <R> CompletableFuture<R> call(TlMethod<R> method, @Nullable CallDeadlines deadlines) {
        PendingCall<R> call = prepare(method);
        call.carryable();
        if (deadlines != null) {
            deadlines.watch(call);
        }
        enqueue(List.of(new Outbound(call.body(), true, call)));
        return call.future();
    }

    /** Callers' calls queued together, so that they leave in one container. */
    List<CompletableFuture<?>> callAll(List<? extends TlMethod<?>> methods) {
        List<Outbound> items = new ArrayList<>(methods.size());
        List<CompletableFuture<?>> futures = new ArrayList<>(methods.size());
        for (TlMethod<?> method : methods) {
            PendingCall<?> call = prepare(method);
            call.carryable();
            items.add(new Outbound(call.body(), true, call));
            futures.add(call.future());
        }
        enqueue(items);
        return futures;
    }

    /** Queues {@code items}; if the session has ended, their calls fail with the reason it ended. */
    void enqueue(List<Outbound> items) {
        boolean queued;
        try {
            queued = !session.isClosed() && session.queue.offer(items);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            queued = false;
        }
        if (!queued) {
            // a session its connection took down says so: "closed" is only for close()
            EndingCalls.failTaken(items, session.endReason());
        }
    }

    /** Asks the server to forget the answer to {@code reqMsgId} (the caller cancelled the call). */
    private void dropAnswer(long reqMsgId) {
        PendingCall<?> drop = prepare(new RpcDropAnswer(reqMsgId));
        session.queue.offerNow(new Outbound(drop.body(), true, drop));
    }

    /** Asks for future salts on connection {@code connectionNumber}; they are stored and saved as they come. */
    void fetchFutureSalts(int connectionNumber) {
        session.salts.fetching(true);
        PendingCall<io.mtj.api.mtproto.FutureSalts> call = prepare(new GetFutureSalts(session.options.futureSalts()));
        call.bindTo(connectionNumber);
        call.future().whenComplete((answer, error) -> {
            if (answer != null) {
                session.salts.store(answer);
                session.handler.stateChanged();
            }
            session.salts.fetching(false);
        });
        session.queue.offerNow(new Outbound(call.body(), true, call));
    }

    /** Queues calls another session never sent, keeping their futures; calls already completed are skipped. */
    void adopt(List<PendingCall<?>> calls) {
        List<Outbound> items = new ArrayList<>(calls.size());
        for (PendingCall<?> call : calls) {
            if (!call.future().isDone()) {
                call.onDone(callDone);
                items.add(new Outbound(call.body(), true, call));
            }
        }
        if (!items.isEmpty()) {
            enqueue(items);
        }
    }
}
