package io.mtj.core.session;

import io.mtj.core.BadMessageException;
import io.mtj.core.ClientClosedException;
import io.mtj.core.ConnectionLostException;
import io.mtj.core.OutcomeUnknownException;
import io.mtj.core.RpcException;
import io.mtj.core.SessionOptions;
import io.mtj.core.storage.FutureSalt;
import io.mtj.core.wire.MsgIdGenerator;
import io.mtj.core.wire.ReplayGuard;
import io.mtj.core.wire.SeqNoCounter;
import io.mtj.tl.TlMethod;
import io.mtj.transport.Transport;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * One MTProto 2.0 session of one auth key: its session_id, msg_id and seqno state, salts, the calls waiting for
 * answers and the queue of messages to send. A session outlives its connections: {@link #attach} puts it on a new
 * connected {@link Transport} ({@link SessionConnection} reads and writes there), and calls made while no connection
 * is attached wait in the queue.
 *
 * <p>Recovery on a new connection follows the protocol. Answers the server re-sends (it keeps unacknowledged ones for
 * the session's next connection) complete their calls. For every call sent on an earlier connection and still
 * unanswered, a {@code msgs_state_req} asks what the server knows; per status the call is re-sent under a new msg_id
 * (not received), awaited (received), asked for again with {@code msg_resend_req} (answer generated), or failed with
 * {@link OutcomeUnknownException} (status 1: forgotten). {@code bad_msg_notification} 20 fails a call as unknown; a
 * {@code new_session_created} whose first_msg_id is above a call has the server asked about it, and "not received"
 * then fails it as unknown too: a call whose fate cannot be known is never re-sent. Cancelling a call's future after it was sent sends {@code rpc_drop_answer}.
 *
 * <p>Outgoing requests at least {@link SessionOptions#gzipThreshold()} long are sent as {@code gzip_packed} when
 * {@link GzipPolicy} finds them worth it.
 *
 * <p>Incoming messages are checked and dispatched by {@link InboundDispatch}; salts are kept by {@link SaltSchedule}.
 *
 * <p>If the owner says no connection will follow ({@link SessionHandler#connectionLost} false, the default), the
 * session ends with its connection: calls sent fail with {@link ConnectionLostException}, calls never sent are handed
 * to {@link SessionHandler#unsent}. After {@link #close()} calls fail with {@link ClientClosedException}.
 */
public final class Session implements AutoCloseable {
    /** A call is sent at most this many times after salt or time corrections (re-sends after a lost connection of a
     * message the server never received do not count). */
    public static final int MAX_SENDS = 5;

    static final System.Logger LOG = System.getLogger(Session.class.getName());

    final byte[] authKey;
    final MsgIdGenerator msgIds;
    final RandomGenerator random;
    final SessionOptions options;
    final SessionHandler handler;
    final OutboundQueue queue;
    final SaltSchedule salts;
    final ReplayGuard replay = new ReplayGuard();
    final PendingTable pending = new PendingTable();
    final CallRecovery recovery = new CallRecovery(this);
    final SentContainers containers = new SentContainers();
    final EndingCalls ending;
    final CallIntake intake = new CallIntake(this);
    /** Completes the callers' futures: {@link SessionOptions#completions()}, or a runner of this session's own. */
    final java.util.concurrent.Executor completions;

    private final ReentrantLock connectionLock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long sessionId;
    private volatile SeqNoCounter seqNo = new SeqNoCounter();
    private volatile @Nullable SessionConnection connection;
    private volatile CompletableFuture<@Nullable Throwable> done = new CompletableFuture<>();
    /** Why the session ended for good; calls made after that fail with it. */
    private volatile @Nullable IOException endedWith;

    private int connections;
    private @Nullable Transport initial;

    /**
     * A session with no connection yet; {@link #attach} gives it one.
     *
     * @param authKey the 256-byte auth key
     * @param salt the server salt to start with
     * @param futureSalts salts known ahead (may be empty)
     * @param msgIds the clock-corrected msg_id source (shared with the caller, so corrections persist)
     * @param random session id, paddings and ping ids
     */
    public Session(
            byte[] authKey,
            long salt,
            List<FutureSalt> futureSalts,
            MsgIdGenerator msgIds,
            RandomGenerator random,
            SessionOptions options,
            SessionHandler handler) {
        this.authKey = authKey.clone();
        this.salts = new SaltSchedule(salt, futureSalts);
        this.msgIds = msgIds;
        this.random = random;
        this.options = options;
        this.handler = handler;
        this.queue = new OutboundQueue(options.queueCapacity());
        this.completions =
                options.completions() == CompletionRunner.PER_SESSION ? new CompletionRunner() : options.completions();
        this.ending = new EndingCalls(pending, queue, handler);
        this.sessionId = newSessionId(random);
    }

    /** A session on {@code transport}, started by {@link #start()}. */
    public Session(
            Transport transport,
            byte[] authKey,
            long salt,
            List<FutureSalt> futureSalts,
            MsgIdGenerator msgIds,
            RandomGenerator random,
            SessionOptions options,
            SessionHandler handler) {
        this(authKey, salt, futureSalts, msgIds, random, options, handler);
        this.initial = transport;
    }

    private static long newSessionId(RandomGenerator random) {
        long id;
        do {
            id = random.nextLong();
        } while (id == 0);
        return id;
    }

    /** Attaches the transport given to the constructor. */
    public void start() {
        Transport t = initial;
        if (t == null) {
            throw new IllegalStateException("no transport was given to the constructor; use attach(transport)");
        }
        initial = null;
        attach(t);
    }

    /**
     * Puts the session on {@code transport} (connected, nothing read from it yet), ending the connection before if it
     * is still open. Calls sent on an earlier connection and not answered are recovered there; calls queued go out.
     *
     * @return the number of this connection of the session, from 1
     */
    public int attach(Transport transport) {
        connectionLock.lock();
        try {
            if (closed.get()) {
                transport.close();
                throw new IllegalStateException("the session is closed");
            }
            SessionConnection old = connection;
            if (old != null) {
                old.close();
                old.join();
            }
            int number = ++connections;
            if (done.isDone()) {
                done = new CompletableFuture<>();
            }
            SessionConnection c = new SessionConnection(this, transport, number);
            connection = c;
            recovery.askAboutCallsInDoubt(number);
            long now = msgIds.now().getEpochSecond();
            if (salts.shouldFetch(now)) {
                intake.fetchFutureSalts(number);
            }
            c.start();
            return number;
        } finally {
            connectionLock.unlock();
        }
    }

    public long sessionId() {
        return sessionId;
    }

    /** The salt outgoing messages use now. */
    public long serverSalt() {
        return salts.salt();
    }

    /** Salts fetched ahead, sorted by valid_since. */
    public List<FutureSalt> futureSalts() {
        return salts.future();
    }

    public MsgIdGenerator msgIds() {
        return msgIds;
    }

    /**
     * Completes when the current connection ends: with its failure, or null for {@link #close()}. A new one is made
     * for every connection attached after that.
     */
    public CompletableFuture<@Nullable Throwable> done() {
        return done;
    }

    /** Whether a connection is attached and has not ended. */
    public boolean connected() {
        SessionConnection c = connection;
        return c != null && !c.ended() && !closed.get();
    }

    /** Whether the session has ended for good ({@link #close()}, or a lost connection its owner did not replace). */
    public boolean isClosed() {
        return closed.get();
    }

    SeqNoCounter seqNo() {
        return seqNo;
    }

    /** Number of calls waiting for an answer (sent or queued-and-registered). */
    public int pendingCount() {
        return pending.size();
    }

    /**
     * Queues a call; the future completes with its result or fails with a typed exception ({@link RpcException},
     * {@link BadMessageException}, {@link OutcomeUnknownException}, {@link ConnectionLostException}, {@link
     * ClientClosedException}, or {@link io.mtj.tl.TlDecodeException} for an undecodable result). It is completed
     * through {@link SessionOptions#completions()}, never on the session's reader thread by default. Cancelling the
     * future after the call was sent asks the server to drop its answer ({@code rpc_drop_answer}).
     */
    public <R> CompletableFuture<R> invoke(TlMethod<R> method) {
        return intake.call(method, null);
    }

    /** {@link #invoke(TlMethod)} with a deadline among {@code deadlines}, started before the call is queued. */
    public <R> CompletableFuture<R> invoke(TlMethod<R> method, CallDeadlines deadlines) {
        return intake.call(method, deadlines);
    }

    /**
     * Queues a call tied to the connection attached now: if that connection ends first, the call fails with {@link
     * ConnectionLostException} instead of being recovered on the next one (initConnection, which every connection
     * makes anew).
     */
    public <R> CompletableFuture<R> invokeOnThisConnection(TlMethod<R> method) {
        PendingCall<R> call = intake.prepare(method);
        SessionConnection c = connection;
        if (c == null || c.ended()) {
            call.fail(new ConnectionLostException("no connection is attached to the session"));
            return call.future();
        }
        call.bindTo(c.number());
        intake.enqueue(List.of(new Outbound(call.body(), true, call)));
        return call.future();
    }

    /** Queues several calls together so that they leave in one container. */
    public List<CompletableFuture<?>> invokeAll(List<? extends TlMethod<?>> methods) {
        return intake.callAll(methods);
    }

    /**
     * Takes over calls that another session never sent (see {@link SessionHandler#unsent}): they are queued here as
     * if just invoked, keeping their futures. Calls already completed (a deadline passed meanwhile) are skipped.
     */
    public void adopt(List<PendingCall<?>> calls) {
        intake.adopt(calls);
    }

    // ---------------------------------------------------------------- end of a connection, end of the session

    /** Called by {@code c} once when it ends with {@code cause}. */
    void connectionEnded(SessionConnection c, Throwable cause) {
        connectionLock.lock();
        boolean keep;
        try {
            if (c != connection || closed.get()) {
                return;
            }
            LOG.log(
                    Level.DEBUG,
                    "session 0x{0}: connection {1} ended: {2}",
                    Long.toHexString(sessionId),
                    c.number(),
                    cause.toString());
            keep = handler.connectionLost(cause);
            if (!keep) {
                endedWith = new ConnectionLostException("the connection was lost: " + cause.getMessage(), cause);
                closed.set(true);
            }
            // done() completes before calls fail: a caller that reacts to a failed call must see the connection ended
            done.complete(cause);
        } finally {
            connectionLock.unlock();
        }
        if (!keep) {
            c.join(); // a call the writer holds goes back to the queue or into pending, where the verdict finds it
        }
        ending.connectionEnded(c.number(), cause, keep);
    }

    /**
     * Ends the session because its auth key is gone (the server answered -404): the calls never sent are returned for
     * a session under the new key; calls sent fail as unknown.
     */
    public List<PendingCall<?>> retire(String why) {
        if (!closed.compareAndSet(false, true)) {
            return List.of();
        }
        endedWith = new OutcomeUnknownException(why);
        endConnection(); // first: calls its writer holds unsent go back to the queue, and so to the new key
        List<PendingCall<?>> unsent = ending.retire(why);
        done.complete(null);
        return unsent;
    }

    /**
     * Ends the session for good with {@code error}: every call, queued or sent, fails with it (the owner gave up
     * connecting again). Idempotent with {@link #close()}.
     */
    public void end(IOException error) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        endedWith = error;
        ending.failQueued(error);
        endConnection();
        ending.failPending(error);
        done.complete(error);
    }

    private void endConnection() {
        SessionConnection c = connection;
        if (c != null) {
            c.close();
            c.join();
        }
    }

    /** Closes the session and its connection; pending calls fail with {@link ClientClosedException}. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ClientClosedException error = new ClientClosedException("the session was closed");
        ending.failQueued(error);
        endConnection();
        ending.failPending(error);
        Transport t = initial;
        if (t != null) {
            t.close();
        }
        handler.closed(null);
        done.complete(null);
    }

    /** What a call that meets the ended session fails with: why it ended, or "closed" after {@link #close()}. */
    IOException endReason() {
        IOException why = endedWith;
        return why != null ? why : new ClientClosedException("the session was closed");
    }

    /** Why the session ended for good, if it did other than by {@link #close()}. */
    public @Nullable IOException endedWith() {
        return endedWith;
    }

    /**
     * bad_msg_notification 32/33: the server will not accept our seqnos in this session any more (after the clock
     * was corrected backwards, earlier accepted msg_ids lie above the new ones). The session id changes, which the
     * server forces here; {@link CallRecovery#sessionRenewed} decides what becomes of the calls.
     */
    void renew(long badMsgId, int code) {
        List<Long> refused = containers.expand(badMsgId);
        long old = sessionId;
        sessionId = newSessionId(random);
        seqNo = new SeqNoCounter();
        replay.clear();
        LOG.log(
                Level.INFO,
                "bad_msg_notification {0}: session 0x{1} replaced by 0x{2}",
                code,
                Long.toHexString(old),
                Long.toHexString(sessionId));
        recovery.sessionRenewed(refused, code);
    }

    /** Visible for tests: decrypts, validates and dispatches one packet as the current connection's reader would. */
    void receive(byte[] packet) {
        SessionConnection c = connection;
        if (c != null) {
            c.inbound().receive(packet);
        }
    }
}
