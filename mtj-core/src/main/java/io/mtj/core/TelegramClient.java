package io.mtj.core;

import io.mtj.api.telegram.UpdatesType;
import io.mtj.core.auth.AuthKey;
import io.mtj.core.session.CallDeadlines;
import io.mtj.core.session.ClientAccess;
import io.mtj.core.session.PendingCall;
import io.mtj.core.session.Session;
import io.mtj.core.session.SessionHandler;
import io.mtj.tl.TlMethod;
import io.mtj.transport.Dialer;
import io.mtj.transport.Scheduler;
import io.mtj.transport.TransportException;
import io.mtj.transport.TransportOptions;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A Telegram client. {@link #connect()} runs the whole flow ({@link ConnectPlan}, one method per step):
 *
 * <ol>
 *   <li>dial the endpoint (directly or through the configured proxy dialer);
 *   <li>send the transport tag or obfuscation header;
 *   <li>unless the session store holds an auth key for this DC: the DH key exchange;
 *   <li>the 256-byte auth key, stored with its salt and clock offset;
 *   <li>the encrypted {@link Session} (one per auth key, kept across connections);
 *   <li>{@code invokeWithLayer(layer, initConnection(device info, help.getConfig))}.
 * </ol>
 *
 * It returns the server's {@code Config} once that answered. Each step is reported to the {@link
 * ConnectionListener} and as a JFR event. Then {@link #invoke} sends calls; {@link #close()} ends the client.
 *
 * <p>If a stored auth key is refused with transport error -404 (the server does not know it), the stored state is
 * dropped and the connection is made once more with a new key exchange.
 *
 * <p>Connection loss after a successful connect: by default ({@link ReconnectPolicy}) the {@link Reconnector} puts
 * the same session on a new connection, where calls in flight are recovered (answered, re-sent if the server never
 * got them, or failed with {@link OutcomeUnknownException} if the server forgot them). With {@link
 * ReconnectPolicy#NEVER} calls fail with {@link ConnectionLostException} and a later {@link #connect()} starts a new
 * session. A connect that fails leaves nothing running. Thread-safe.
 */
public final class TelegramClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TelegramClient.class.getName());

    private final ClientConfig config;
    private final ConnectionEvents events;
    private final ClientState state = new ClientState();
    private final StateSaver saver;
    private final Reconnector reconnector;
    private final TempKeyRenewal renewal;
    private final SessionHandler handler = new Handler();
    private final ReentrantLock connectLock = new ReentrantLock();
    private final UpdateDispatcher updates = new UpdateDispatcher();
    /** Every call's deadline (one queue, one timer task for the earliest: {@link CallDeadlines}). */
    private final CallDeadlines deadlines;

    private int connects;

    /**
     * A client that will connect as {@code config} says; nothing happens until {@link #connect()}.
     *
     * @param config the settings
     */
    public TelegramClient(ClientConfig config) {
        this.config = config;
        this.events = new ConnectionEvents(config.listener());
        this.saver = new StateSaver(config, state);
        this.reconnector = new Reconnector(config, state, this::connect);
        this.deadlines = new CallDeadlines(config.callTimeout(), Scheduler.shared(), this::timedOut);
        this.renewal = new TempKeyRenewal(
                config, state, connectLock, () -> new ConnectPlan(config, events, state, handler, saver, true));
    }

    /** {@return the settings this client was made with} */
    public ClientConfig config() {
        return config;
    }

    /**
     * Adds a listener for the updates the server pushes ({@code updateShort}, {@code updates}, {@code
     * updateShortMessage}, ... as the generated {@link UpdatesType} records). Listeners are called in subscription
     * order, one update at a time in arrival order, on a thread of the client's (never the connection's reader), so a
     * listener may block or call {@link #invoke}; a slow one delays later updates, not calls. A listener that throws
     * is logged and the others still get the update. Any number may be subscribed.
     *
     * @return closing it removes the listener
     * @param listener called with each decoded update; should not throw, but may
     */
    public Subscription subscribe(Consumer<? super UpdatesType> listener) {
        return updates.subscribe(listener);
    }

    /**
     * Adds a listener for every update as its boxed TL bytes (each listener gets its own copy), including those this
     * library's layer cannot decode. Delivered like {@link #subscribe}, raw listeners before typed ones.
     *
     * @return closing it removes the listener
     * @param listener called with each update's boxed TL bytes
     */
    public Subscription subscribeRawUpdates(Consumer<byte[]> listener) {
        return updates.subscribeRaw(listener);
    }

    /**
     * Connects (or reconnects) and initializes the connection; returns help.getConfig's answer. On a live connection
     * it returns the answer it already has.
     *
     * @throws KeyExchangeException if a key exchange check failed (the connection is closed)
     * @throws RpcException if initConnection was refused
     * @throws ConnectionLostException if the connection was lost while connecting (with the cause)
     * @throws IOException for other network, transport or protocol failures and time-outs
     * @return the server's {@code help.getConfig} answer
     * @throws InterruptedException if the calling thread is interrupted while connecting (the connection is closed)
     */
    public io.mtj.api.telegram.Config connect() throws IOException, InterruptedException {
        connectLock.lockInterruptibly();
        try {
            if (state.closed) {
                throw new ClientClosedException("the client is closed");
            }
            Session current = state.session;
            io.mtj.api.telegram.Config known = state.serverConfig;
            if (current != null && current.connected() && state.established && known != null) {
                return known;
            }
            if (connects++ > 0) {
                events.reconnecting(connects - 1, state.lastLoss);
            }
            io.mtj.api.telegram.Config answer;
            try {
                answer = renewal.connected(plan().run());
            } catch (IOException e) {
                boolean permanentRejected = e instanceof PermanentKeyRejectedException;
                if (state.authKey == null || !(permanentRejected || isUnknownAuthKey(e)) || state.closed) {
                    throw e;
                }
                LOG.log(
                        Level.INFO,
                        permanentRejected
                                ? e.getMessage()
                                : "the server does not know the stored auth key (-404); running a new exchange");
                forgetKey(permanentRejected);
                // if it fails, the orphans wait for the next connect or the give-up
                answer = renewal.connected(plan().run());
            }
            state.gaveUp = null;
            Session fresh = state.session;
            List<PendingCall<?>> orphans = state.orphans.getAndSet(List.of());
            if (fresh != null && !orphans.isEmpty()) {
                fresh.adopt(orphans);
            }
            return answer;
        } finally {
            connectLock.unlock();
        }
    }

    private ConnectPlan plan() {
        return new ConnectPlan(config, events, state, handler, saver);
    }

    /**
     * Drops the auth key the server does not know (with temporary keys on, the temporary one: the permanent key stays,
     * unless {@code permanentToo}: a binding to it was refused); the calls its session never sent become orphans, for
     * the session of the next key.
     */
    private void forgetKey(boolean permanentToo) throws IOException {
        if (state.tempKey != null && !permanentToo) {
            // the next plan makes a new temporary key; its session step retires this session (calls it never sent
            // go to the new one, sent ones end unknown), so calls made meanwhile still have a session to wait in
            state.tempKey = null;
            state.established = false;
            return;
        }
        Session old = state.session;
        List<PendingCall<?>> unsent =
                old == null ? List.of() : old.retire("the server no longer knows the auth key (-404)");
        if (!unsent.isEmpty()) {
            state.orphans.getAndUpdate(before -> {
                List<PendingCall<?>> all = new ArrayList<>(before);
                all.addAll(unsent);
                return List.copyOf(all);
            });
        }
        state.session = null;
        state.established = false;
        state.tempKey = null;
        state.authKey = null;
        state.msgIds = null;
        config.sessionStore().clear();
    }

    /** Whether {@code e} (or a cause) is transport error -404: the server has no such auth key. */
    private static boolean isUnknownAuthKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TransportException te && te.code() == -404) {
                return true;
            }
        }
        return false;
    }

    /** See {@link TransportRoute#transportOptions}. */
    static TransportOptions transportOptions(ClientConfig config, Dialer upstream) throws IOException {
        return TransportRoute.transportOptions(config, upstream);
    }

    /**
     * The Config help.getConfig returned during the last {@link #connect()}, or null.
     *
     * @return the last answer, or null before the first successful connect
     */
    public io.mtj.api.telegram.@Nullable Config serverConfig() {
        return state.serverConfig;
    }

    /**
     * The public id of the auth key in use, if any.
     *
     * @return the key id, or empty before a key exists
     */
    public Optional<Long> authKeyId() {
        AuthKey key = state.authKey;
        return key == null ? Optional.empty() : Optional.of(key.id());
    }

    /** The current session, if connected; reached by the project's tests through {@link ClientAccess}, never API. */
    Optional<Session> session() {
        return Optional.ofNullable(state.session);
    }

    static {
        ClientAccess.install(TelegramClient::session);
    }

    /**
     * Sends {@code method}; the future completes with its result or a typed exception. While the connection is being
     * re-established the call waits in the session's queue, within its deadline.
     *
     * @param <R> the method's result type
     * @param method the call
     * @return completes with the result, or fails with {@link RpcException} (the server refused), {@link
     *     SocketTimeoutException} (deadline), {@link OutcomeUnknownException} (the server may or may not have run it),
     *     {@link ConnectionLostException} (lost and not recovered), or {@link ClientClosedException}; completes on a
     *     thread of its own, never the reader's
     */
    public <R> CompletableFuture<R> invoke(TlMethod<R> method) {
        Session s = state.session;
        ConnectionLostException gaveUp = state.gaveUp;
        if (!state.closed && s == null && gaveUp != null) {
            // the reconnector gave up after -404 retired the session: its verdict, not "call connect() first"
            return CompletableFuture.failedFuture(gaveUp);
        }
        if (state.closed || s == null || (s.isClosed() && !state.established)) {
            return CompletableFuture.failedFuture(new ClientClosedException(
                    state.closed ? "the client is closed" : "the client is not connected; call connect() first"));
        }
        if (s.isClosed()) {
            if (s.endedWith() instanceof ConnectionLostException cle && cle.reconnectingGaveUp()) {
                // the session ended with the reconnector's verdict, which names the attempts: say it as it is
                return CompletableFuture.failedFuture(cle);
            }
            Throwable lost = s.done().getNow(null);
            return CompletableFuture.failedFuture(
                    new ConnectionLostException("the connection was lost; call connect() to reconnect", lost));
        }
        renewal.check();
        return s.invoke(method, deadlines);
    }

    /**
     * What a call fails with once the call timeout passes without an answer (the call also leaves the session's
     * pending set, so a server that never answers cannot make calls pile up). If the connection was down meanwhile,
     * the message says so.
     */
    private SocketTimeoutException timedOut(PendingCall<?> call) {
        Session s = state.session;
        Throwable loss = s != null && !s.connected() ? state.lastLoss : null;
        SocketTimeoutException timeout =
                new SocketTimeoutException(call.method().getClass().getSimpleName()
                        + " got no answer within " + config.callTimeout().toMillis() + " ms"
                        + (loss == null ? "" : "; the connection was lost (" + loss + ") and is being re-established"));
        if (loss != null) {
            timeout.initCause(loss);
        }
        return timeout;
    }

    /**
     * Sends {@code method} and waits up to the configured call timeout.
     *
     * @param <R> the method's result type
     * @param method the call
     * @return the result
     * @throws RpcException if the server answered with an error
     * @throws IOException for a timeout, a lost connection, an unknown outcome, a closed client, or another failure
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public <R> R invokeBlocking(TlMethod<R> method) throws IOException, InterruptedException {
        return ConnectPlan.await(
                invoke(method),
                method.getClass().getSimpleName(),
                config.callTimeout().toMillis() + 1000);
    }

    /**
     * Closes the client and saves the session. Pending calls fail with {@link ClientClosedException}. When this
     * returns no save of the session is running, and none will start; no reconnection runs.
     */
    @Override
    public void close() {
        state.closed = true;
        deadlines.close();
        reconnector.close();
        renewal.close();
        saver.closing(); // after any background save still running; none starts from here on
        Session s = state.session;
        if (s != null) {
            s.close();
        }
        for (PendingCall<?> orphan : state.orphans.getAndSet(List.of())) {
            orphan.fail(new ClientClosedException("the client is closed"));
        }
    }

    private final class Handler implements SessionHandler {
        @Override
        public void update(byte[] body) {
            updates.dispatch(body);
        }

        @Override
        public void stateChanged() {
            saver.request();
        }

        @Override
        public boolean connectionLost(Throwable cause) {
            state.lastLoss = cause;
            // before the first connect finished, a loss fails that connect and nothing keeps running
            return !state.closed && state.established && config.reconnect().enabled();
        }

        @Override
        public void closed(@Nullable Throwable cause) {
            events.closed(cause);
            Session s = state.session;
            if (cause != null && !state.closed && s != null && !s.isClosed()) {
                reconnector.lost(cause);
            }
        }
    }
}
