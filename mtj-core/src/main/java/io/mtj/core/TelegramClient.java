package io.mtj.core;

import io.mtj.api.telegram.ApiLayer;
import io.mtj.api.telegram.HelpGetConfig;
import io.mtj.api.telegram.InitConnection;
import io.mtj.api.telegram.InvokeWithLayer;
import io.mtj.core.ConnectionEvents.Step;
import io.mtj.core.auth.AuthKey;
import io.mtj.core.auth.KeyExchange;
import io.mtj.core.auth.PlainChannel;
import io.mtj.core.event.DialEvent;
import io.mtj.core.session.PendingCall;
import io.mtj.core.session.Session;
import io.mtj.core.session.SessionHandler;
import io.mtj.core.storage.FutureSalt;
import io.mtj.core.storage.SessionState;
import io.mtj.core.wire.MsgIdGenerator;
import io.mtj.crypto.KeyDerivation;
import io.mtj.tl.TlMethod;
import io.mtj.transport.Dialer;
import io.mtj.transport.EndOfStream;
import io.mtj.transport.Endpoint;
import io.mtj.transport.FramedTransport;
import io.mtj.transport.Framing;
import io.mtj.transport.HttpTransport;
import io.mtj.transport.Transport;
import io.mtj.transport.TransportException;
import io.mtj.transport.TransportOptions;
import io.mtj.transport.mtproxy.MtProxy;
import io.mtj.transport.mtproxy.MtProxyLink;
import io.mtj.transport.proxy.ProxyUri;
import io.mtj.transport.ws.TlsDialer;
import io.mtj.transport.ws.WebSocketLayer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * A Telegram client connection. {@link #connect()} runs the whole flow:
 *
 * <ol>
 *   <li>dial the endpoint (directly or through the configured proxy dialer);
 *   <li>send the transport tag or obfuscation header;
 *   <li>unless the session store holds an auth key for this DC: the DH key exchange ({@link KeyExchange});
 *   <li>the 256-byte auth key, stored with its salt and clock offset;
 *   <li>the encrypted {@link Session};
 *   <li>{@code invokeWithLayer(layer, initConnection(device info, help.getConfig))}.
 * </ol>
 *
 * It returns the server's {@code Config} once that answered. Each step is reported to the {@link
 * ConnectionListener} and as a JFR event. Then {@link #invoke} sends calls; {@link #close()} ends the connection.
 *
 * <p>If a stored auth key is refused with transport error -404 (the server does not know it), the stored state is
 * dropped and the connection is made once more with a new key exchange.
 *
 * <p>Connection loss: pending calls fail with {@link ConnectionLostException} and are not resent. A later {@link
 * #connect()} reconnects (reusing the auth key; reported as a reconnect). Thread-safe.
 */
public final class TelegramClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TelegramClient.class.getName());

    private final ClientConfig config;
    private final ConnectionEvents events;
    private final ReentrantLock connectLock = new ReentrantLock();
    private final ReentrantLock storeLock = new ReentrantLock();
    private volatile @Nullable Session session;
    private volatile @Nullable AuthKey authKey;
    private volatile @Nullable MsgIdGenerator msgIds;
    private volatile io.mtj.api.telegram.@Nullable Config serverConfig;
    private volatile @Nullable Consumer<byte[]> updates;
    private volatile boolean closed;
    private int connects;
    private final ReentrantLock reconnectLock = new ReentrantLock();
    /** The reconnection in progress or last finished, and the lost session it replaces; under reconnectLock. */
    private @Nullable CompletableFuture<Session> reconnecting;

    private @Nullable Session reconnectingFrom;
    private volatile @Nullable Thread reconnectThread;
    /** Calls a lost session never sent, waiting for the next one; under reconnectLock. */
    private final List<PendingCall<?>> carried = new ArrayList<>();

    public TelegramClient(ClientConfig config) {
        this.config = config;
        this.events = new ConnectionEvents(config.listener());
    }

    public ClientConfig config() {
        return config;
    }

    /** Receives updates (messages that are neither results nor service messages) as serialized boxed TL. */
    public void onUpdate(Consumer<byte[]> handler) {
        this.updates = handler;
    }

    /**
     * Connects (or reconnects) and initializes the connection; returns help.getConfig's answer.
     *
     * @throws KeyExchangeException if a key exchange check failed (the connection is closed)
     * @throws RpcException if initConnection was refused
     * @throws IOException for network, transport or protocol failures and time-outs
     */
    public io.mtj.api.telegram.Config connect() throws IOException, InterruptedException {
        connectLock.lock();
        try {
            if (closed) {
                throw new ClientClosedException("the client is closed");
            }
            Session old = session;
            if (old != null && !old.done().isDone()) {
                io.mtj.api.telegram.Config known = serverConfig;
                if (known != null) {
                    return known;
                }
            }
            if (connects++ > 0) {
                events.reconnecting(
                        connects - 1, old == null ? null : old.done().getNow(null));
            }
            try {
                return connectOnce();
            } catch (IOException e) {
                if (authKey == null || !isUnknownAuthKey(e)) {
                    throw e;
                }
                LOG.log(Level.INFO, "the server does not know the stored auth key (-404); running a new exchange");
                authKey = null;
                msgIds = null;
                config.sessionStore().clear();
                return connectOnce();
            }
        } finally {
            connectLock.unlock();
        }
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

    /**
     * The transport for {@code config}: {@code upstream} reaches the endpoint directly, or the MTProxy, or the
     * WebSocket server (under TLS for wss).
     */
    static TransportOptions transportOptions(ClientConfig config, Dialer upstream) throws IOException {
        TransportOptions.Builder b = TransportOptions.builder()
                .framing(config.framing())
                .obfuscated(config.obfuscated())
                .dialer(upstream)
                .connectTimeout(config.connectTimeout())
                .random(config.random())
                .frameListener(config.frameListener());
        Optional<MtProxyLink> mtproxy = config.mtproxy();
        if (config.framing() == Framing.HTTP && config.httpProxy().isPresent()) {
            // the HTTP transport goes through a plain HTTP proxy as HTTP (absolute-form requests), not CONNECT
            ProxyUri proxy = config.httpProxy().get();
            HttpTransport.viaForwardProxy(b, proxy.address(), proxy.credentials(), upstream);
        } else if (mtproxy.isPresent()) {
            MtProxy.route(b, mtproxy.get(), upstream);
        } else if (config.webSocket()) {
            b.obfuscated(true).layer(WebSocketLayer.standard());
            if (config.webSocketSecure()) {
                SSLContext context;
                if (config.sslContext().isPresent()) {
                    context = config.sslContext().get();
                } else {
                    try {
                        context = SSLContext.getDefault();
                    } catch (NoSuchAlgorithmException e) {
                        throw new IOException("no default TLS context for wss: " + e.getMessage(), e);
                    }
                }
                b.dialer(new TlsDialer(upstream, context, null));
            }
        }
        return b.build();
    }

    private io.mtj.api.telegram.Config connectOnce() throws IOException, InterruptedException {
        Endpoint endpoint = config.endpoint();
        Optional<SessionState> stored = authKey == null ? config.sessionStore().load() : Optional.empty();
        long salt = 0;
        List<FutureSalt> futureSalts = List.of();
        if (stored.isPresent() && stored.get().dcId() == endpoint.dcId()) {
            SessionState s = stored.get();
            byte[] key = s.authKey();
            authKey = new AuthKey(key, KeyDerivation.authKeyId(key), s.serverSalt(), s.clockOffsetMillis());
            msgIds = new MsgIdGenerator(config.clock(), s.clockOffsetMillis());
            salt = s.serverSalt();
            futureSalts = s.futureSalts();
        } else if (authKey != null) {
            Session last = session;
            salt = last != null ? last.serverSalt() : authKey.serverSalt();
            futureSalts = last != null ? last.futureSalts() : List.of();
        }

        // 1 + 2: dial and transport handshake
        AtomicReference<@Nullable Step<DialEvent>> dialStep = new AtomicReference<>();
        Dialer timed = (target, timeout) -> {
            Step<DialEvent> step = ConnectionEvents.dial();
            // a plain HTTP proxy carrying the HTTP transport is dialled directly (no CONNECT)
            Dialer base = config.framing() == Framing.HTTP && config.httpProxy().isPresent()
                    ? Dialer.DIRECT
                    : config.dialer();
            Socket socket = base.dial(target, timeout);
            events.dialed(step, target.getHostString() + ":" + target.getPort());
            dialStep.set(step);
            return socket;
        };
        TransportOptions options = transportOptions(config, timed);
        Transport transport =
                options.framing() == Framing.HTTP ? new HttpTransport(options) : FramedTransport.client(options);
        Step<io.mtj.core.event.TransportEvent> transportStep = ConnectionEvents.transport();
        Watchdog watchdog = new Watchdog(transport, config.handshakeTimeout().toMillis());
        boolean answered = false;
        try {
            transport.connect(endpoint);
            events.transportReady(transportStep, options.framing().name(), options.obfuscated());

            // 3 + 4: auth key
            var keyStep = ConnectionEvents.authKey();
            MsgIdGenerator ids = msgIds;
            AuthKey key = authKey;
            if (key == null || ids == null) {
                ids = new MsgIdGenerator(config.clock());
                KeyExchange exchange = new KeyExchange(
                        config.serverKeys(), config.random(), config.clock(), endpoint.headerDcId(), config.listener());
                key = exchange.run(new PlainChannel(transport, ids));
                answered = true;
                ids.offsetMillis(key.clockOffsetMillis());
                authKey = key;
                msgIds = ids;
                salt = key.serverSalt();
                futureSalts = List.of();
                events.authKeyReady(keyStep, key.id(), false);
            } else {
                answered = true;
                events.authKeyReady(keyStep, key.id(), true);
            }
            watchdog.cancel();

            // 5: encrypted session
            var sessionStep = ConnectionEvents.session();
            Session s = new Session(
                    transport,
                    key.key(),
                    salt,
                    futureSalts,
                    ids,
                    config.random(),
                    config.sessionOptions(),
                    new Handler());
            session = s;
            s.start();
            saveWhileOpen();
            events.sessionStarted(sessionStep, s.sessionId());

            // 6: initConnection
            var initStep = ConnectionEvents.init();
            DeviceInfo d = config.device();
            InitConnection<io.mtj.api.telegram.Config> init = new InitConnection<>(
                    config.apiId(),
                    d.deviceModel(),
                    d.systemVersion(),
                    d.appVersion(),
                    d.systemLangCode(),
                    d.langPack(),
                    d.langCode(),
                    null,
                    null,
                    new HelpGetConfig());
            io.mtj.api.telegram.Config answer =
                    await(s.invoke(new InvokeWithLayer<>(ApiLayer.LAYER, init)), "initConnection");
            serverConfig = answer;
            saveWhileOpen();
            events.initialized(initStep, ApiLayer.LAYER);
            return answer;
        } catch (IOException | InterruptedException | RuntimeException e) {
            Session s = session;
            if (s != null) {
                s.close();
            }
            transport.close();
            if (watchdog.fired && e instanceof IOException) {
                // through an MTProxy the address dialled is the proxy's, and that is the one to name
                String dialled = config.mtproxy()
                        .map(link ->
                                "MTProxy " + link.server() + ":" + link.port() + " (for dc " + endpoint.dcId() + ")")
                        .orElse(endpoint.host() + ":" + endpoint.port());
                java.net.SocketTimeoutException timeout = new java.net.SocketTimeoutException("connecting to "
                        + dialled + " did not finish the handshake within "
                        + config.handshakeTimeout().toMillis()
                        + " ms");
                timeout.initCause(e); // what the step in progress saw when the watchdog closed the connection
                throw timeout;
            }
            Optional<MtProxyLink> mtproxy = config.mtproxy();
            if (mtproxy.isPresent() && !answered && isCleanCloseBeforeAnswer(e)) {
                MtProxyLink link = mtproxy.get();
                throw new MtProxyRejectedException(
                        link.server() + ":" + link.port(), link.secret().kind(), e);
            }
            throw e;
        } finally {
            watchdog.cancel();
        }
    }

    /** End of stream with nothing received: how an MTProxy drops a client with a wrong secret. */
    private static boolean isCleanCloseBeforeAnswer(Throwable e) {
        if (e instanceof EndOfStream eos) {
            return eos.offset() == 0;
        }
        return e instanceof java.io.EOFException;
    }

    /** The Config help.getConfig returned during the last {@link #connect()}, or null. */
    public io.mtj.api.telegram.@Nullable Config serverConfig() {
        return serverConfig;
    }

    /** The public id of the auth key in use, if any. */
    public Optional<Long> authKeyId() {
        AuthKey key = authKey;
        return key == null ? Optional.empty() : Optional.of(key.id());
    }

    /** The current session, if connected. */
    public Optional<Session> session() {
        return Optional.ofNullable(session);
    }

    /** Sends {@code method}; the future completes with its result or a typed exception. */
    public <R> CompletableFuture<R> invoke(TlMethod<R> method) {
        Session s = session;
        if (closed || s == null) {
            return CompletableFuture.failedFuture(new ClientClosedException(
                    closed ? "the client is closed" : "the client is not connected; call connect() first"));
        }
        Throwable lost = s.done().getNow(null);
        if (lost != null) {
            if (!config.reconnect().enabled()) {
                return CompletableFuture.failedFuture(
                        new ConnectionLostException("the connection was lost; call connect() to reconnect", lost));
            }
            return withDeadline(
                    afterReconnect(reconnect(s, lost), method),
                    method.getClass().getSimpleName());
        }
        return withDeadline(s.invoke(method), method.getClass().getSimpleName());
    }

    /**
     * The reconnection that replaces {@code lost}, started if none is: one at a time, whoever asks first (the
     * session's end or a call).
     */
    private CompletableFuture<Session> reconnect(Session lost, Throwable cause) {
        reconnectLock.lock();
        try {
            CompletableFuture<Session> running = reconnecting;
            // one reconnection at a time: a running one also covers a session it made that died at once
            if (running != null && (!running.isDone() || reconnectingFrom == lost)) {
                return running;
            }
            Session current = session;
            if (current != null && current != lost && !current.done().isDone()) {
                adoptCarried(current);
                return CompletableFuture.completedFuture(current); // connect() was called meanwhile
            }
            CompletableFuture<Session> started = new CompletableFuture<>();
            reconnecting = started;
            reconnectingFrom = lost;
            reconnectThread = Thread.ofVirtual().name("mtj-reconnect").start(() -> reconnectLoop(started, cause));
            return started;
        } finally {
            reconnectLock.unlock();
        }
    }

    private void reconnectLoop(CompletableFuture<Session> result, Throwable cause) {
        ReconnectPolicy policy = config.reconnect();
        Throwable last = cause;
        for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
            try {
                Thread.sleep(policy.delay(attempt, config.random()));
                if (closed) {
                    break;
                }
                connect();
                Session s = session;
                if (closed) {
                    if (s != null) {
                        s.close(); // close() ran while this attempt was connecting
                    }
                    break;
                }
                if (s != null && !s.done().isDone()) {
                    adoptCarried(s);
                    result.complete(s);
                    return;
                }
            } catch (InterruptedException e) {
                break; // close() interrupts a reconnection
            } catch (KeyExchangeException e) {
                // a server failing the protocol's security checks is not retried into
                ConnectionLostException failed = new ConnectionLostException(
                        "the connection was lost and reconnecting failed a key exchange check", e);
                failCarried(failed);
                result.completeExceptionally(failed);
                return;
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    break; // close() interrupted the attempt's I/O
                }
                last = e;
                LOG.log(Level.DEBUG, "reconnect attempt {0} failed: {1}", attempt, e.toString());
            }
        }
        IOException failed = closed
                ? new ClientClosedException("the client was closed while reconnecting")
                : new ConnectionLostException(
                        "the connection was lost and " + policy.maxAttempts()
                                + " reconnect attempt(s) failed; call connect() to try again",
                        last);
        failCarried(failed);
        result.completeExceptionally(failed);
    }

    /** Sends the calls a lost session never sent on {@code fresh}. */
    private void adoptCarried(Session fresh) {
        List<PendingCall<?>> calls = takeCarried();
        if (!calls.isEmpty()) {
            fresh.adopt(calls);
        }
    }

    private void failCarried(IOException error) {
        for (PendingCall<?> call : takeCarried()) {
            call.fail(error);
        }
    }

    private List<PendingCall<?>> takeCarried() {
        reconnectLock.lock();
        try {
            List<PendingCall<?>> calls = List.copyOf(carried);
            carried.clear();
            return calls;
        } finally {
            reconnectLock.unlock();
        }
    }

    /** {@code method} sent on the session {@code reconnected} yields; a failure or deadline on either side ends both. */
    private static <R> CompletableFuture<R> afterReconnect(CompletableFuture<Session> reconnected, TlMethod<R> method) {
        CompletableFuture<R> out = new CompletableFuture<>();
        reconnected.whenComplete((fresh, error) -> {
            if (error != null) {
                out.completeExceptionally(error);
                return;
            }
            if (out.isDone()) {
                return; // the call's deadline passed while reconnecting: nothing is sent
            }
            CompletableFuture<R> inner = fresh.invoke(method);
            inner.whenComplete((value, failure) -> {
                if (failure != null) {
                    out.completeExceptionally(failure);
                } else {
                    out.complete(value);
                }
            });
            out.whenComplete((value, failure) -> {
                if (failure != null) {
                    inner.completeExceptionally(failure); // drops the call from the session's pending set
                }
            });
        });
        return out;
    }

    /**
     * Fails {@code future} with a {@link java.net.SocketTimeoutException} once the call timeout passes without an
     * answer, which also drops the call from the session's pending set: a server that never answers cannot make
     * calls pile up.
     */
    private <R> CompletableFuture<R> withDeadline(CompletableFuture<R> future, String what) {
        long millis = config.callTimeout().toMillis();
        ScheduledFuture<?> timer = CallDeadlines.TIMER.schedule(
                () -> future.completeExceptionally(
                        new java.net.SocketTimeoutException(what + " got no answer within " + millis + " ms")),
                millis,
                TimeUnit.MILLISECONDS);
        future.whenComplete((value, error) -> timer.cancel(false));
        return future;
    }

    /** One daemon thread for every client's call deadlines; a cancelled deadline is removed at once. */
    private static final class CallDeadlines {
        static final ScheduledThreadPoolExecutor TIMER = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(
                    1, Thread.ofPlatform().daemon().name("mtj-call-deadlines").factory());
            timer.setRemoveOnCancelPolicy(true);
            return timer;
        }
    }

    /** Sends {@code method} and waits up to the configured call timeout. */
    public <R> R invokeBlocking(TlMethod<R> method) throws IOException, InterruptedException {
        return await(invoke(method), method.getClass().getSimpleName());
    }

    private <R> R await(CompletableFuture<R> future, String what) throws IOException, InterruptedException {
        try {
            return future.get(config.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(what + " failed: " + cause, cause);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new java.net.SocketTimeoutException(
                    what + " got no answer within " + config.callTimeout().toMillis() + " ms");
        }
    }

    private void save() {
        storeLock.lock();
        try {
            writeState();
        } finally {
            storeLock.unlock();
        }
    }

    /**
     * A save made while connecting (which may be a background reconnect) or asked for by the session (salt or
     * clock changed, on its own thread). It is skipped once {@link #close()} has begun: close writes the final
     * state itself, after any save already running, so no save is left running or starts after close returns.
     */
    private void saveWhileOpen() {
        storeLock.lock();
        try {
            if (!closed) {
                writeState();
            }
        } finally {
            storeLock.unlock();
        }
    }

    private void writeState() {
        AuthKey key = authKey;
        MsgIdGenerator ids = msgIds;
        Session s = session;
        if (key == null || ids == null) {
            return;
        }
        Endpoint e = config.endpoint();
        try {
            config.sessionStore()
                    .save(new SessionState(
                            e.dcId(),
                            e.host(),
                            e.port(),
                            key.key(),
                            s != null ? s.serverSalt() : key.serverSalt(),
                            ids.offsetMillis(),
                            s != null ? s.futureSalts() : List.of()));
        } catch (IOException ex) {
            LOG.log(Level.WARNING, "could not save the session: {0}", ex.getMessage());
        }
    }

    /**
     * Closes the connection and saves the session. Pending calls fail with {@link ClientClosedException}. When this
     * returns no save of the session is running, and none will start.
     */
    @Override
    public void close() {
        closed = true;
        Thread r = reconnectThread;
        if (r != null) {
            r.interrupt();
        }
        save(); // after any background save still running; none starts from here on
        Session s = session;
        if (s != null) {
            s.close();
        }
    }

    private final class Handler implements SessionHandler {
        @Override
        public void update(byte[] body) {
            Consumer<byte[]> h = updates;
            if (h != null) {
                h.accept(body);
            }
        }

        @Override
        public void stateChanged() {
            Thread.ofVirtual().name("mtj-save").start(TelegramClient.this::saveWhileOpen);
        }

        @Override
        public void unsent(List<PendingCall<?>> calls, IOException error) {
            if (calls.isEmpty()) {
                return;
            }
            if (closed || !config.reconnect().enabled()) {
                SessionHandler.super.unsent(calls, error);
                return;
            }
            // never sent, so never run: they go out on the session the reconnection makes
            reconnectLock.lock();
            try {
                carried.addAll(calls);
            } finally {
                reconnectLock.unlock();
            }
        }

        @Override
        public void closed(@Nullable Throwable cause) {
            events.closed(cause);
            Session s = session;
            // a lost connection (not one closed on purpose) heals in the background, calls or not
            if (cause != null
                    && !closed
                    && config.reconnect().enabled()
                    && s != null
                    && s.done().isDone()) {
                reconnect(s, cause);
            }
        }
    }

    /** Closes the transport if the handshake has not finished in time, so a silent server cannot hang connect(). */
    private static final class Watchdog {
        private final Thread thread;
        private volatile boolean cancelled;
        volatile boolean fired;

        Watchdog(Transport transport, long millis) {
            thread = Thread.ofVirtual().name("mtj-handshake-watchdog").start(() -> {
                try {
                    Thread.sleep(millis);
                    if (!cancelled) {
                        fired = true;
                        LOG.log(Level.WARNING, "handshake took longer than {0} ms; closing the connection", millis);
                        transport.close();
                    }
                } catch (InterruptedException e) {
                    // cancelled
                }
            });
        }

        void cancel() {
            cancelled = true;
            thread.interrupt();
        }
    }
}
