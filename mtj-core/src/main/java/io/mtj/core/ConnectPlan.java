package io.mtj.core;

import io.mtj.api.telegram.ApiLayer;
import io.mtj.api.telegram.HelpGetConfig;
import io.mtj.api.telegram.InitConnection;
import io.mtj.api.telegram.InvokeWithLayer;
import io.mtj.core.auth.AuthKey;
import io.mtj.core.auth.KeyExchange;
import io.mtj.core.auth.PlainChannel;
import io.mtj.core.auth.TempAuthKey;
import io.mtj.core.session.PendingCall;
import io.mtj.core.session.Session;
import io.mtj.core.session.SessionHandler;
import io.mtj.core.storage.FutureSalt;
import io.mtj.core.storage.SessionState;
import io.mtj.core.wire.MsgIdGenerator;
import io.mtj.crypto.KeyDerivation;
import io.mtj.transport.EndOfStream;
import io.mtj.transport.Endpoint;
import io.mtj.transport.Transport;
import io.mtj.transport.dial.DcAddress;
import io.mtj.transport.dial.DialFailedException;
import io.mtj.transport.mtproxy.MtProxyLink;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * One attempt to connect, one method per step: {@link #storedKey()}, {@link #dial()} (steps 1 and 2: a race over
 * the DC's addresses, each dialled and brought through its transport step), {@link #authKey} (3 and 4: the stored
 * key or a DH exchange), {@link #session} (5: the session, a new one or the client's existing one put on this
 * connection), {@link #init} (6: invokeWithLayer(initConnection(help.getConfig))). A retry is a new plan. The
 * handshake deadline (steps 1 to 4) bounds the race, then is one task on {@link Deadlines} that closes the
 * transport; the plan then reports which address did not answer in time.
 * With temporary keys steps 3 and 4 end with {@link TempKeyStep}; a renewing plan leaves the client's key and session
 * alone until {@link TempKeyRenewal} swaps in what it made.
 */
final class ConnectPlan {
    private final ClientConfig config;
    private final ConnectionEvents events;
    private final ClientState state;
    private final SessionHandler handler;
    private final StateSaver saver;
    private volatile boolean deadlinePassed;
    private boolean answered;
    private long salt;
    private List<FutureSalt> futureSalts = List.of();
    private @Nullable SessionState saved;
    private @Nullable DcAddress dialled;
    private String dialling;
    private final boolean renewing;
    private @Nullable TempAuthKey madeTemp;
    private @Nullable Session madeSession;
    private List<PendingCall<?>> orphans = List.of();

    ConnectPlan(
            ClientConfig config, ConnectionEvents events, ClientState state, SessionHandler handler, StateSaver saver) {
        this(config, events, state, handler, saver, false);
    }

    /** A plan; a {@code renewing} one makes a new temporary key and session without replacing the client's. */
    ConnectPlan(
            ClientConfig config,
            ConnectionEvents events,
            ClientState state,
            SessionHandler handler,
            StateSaver saver,
            boolean renewing) {
        this.config = config;
        this.events = events;
        this.state = state;
        this.handler = handler;
        this.saver = saver;
        this.dialling = config.endpoint().host() + ":" + config.endpoint().port();
        this.renewing = renewing;
    }

    /** The temporary key this plan made and bound, if any. */
    @Nullable
    TempAuthKey madeTemp() {
        return madeTemp;
    }

    /** The session this plan made, if any. */
    @Nullable
    Session madeSession() {
        return madeSession;
    }

    /** Runs every step; on failure whatever this plan opened is closed, and a session it made is closed too. */
    io.mtj.api.telegram.Config run() throws IOException, InterruptedException {
        storedKey();
        long began = System.nanoTime();
        Transport transport = null;
        Deadlines.Timer deadline = () -> {};
        Session made = null;
        try {
            Transport t = dial();
            transport = t;
            // the race had the handshake deadline as its bound; steps 3 and 4 get what is left of it
            deadline = Deadlines.after(config.handshakeTimeout().minusNanos(System.nanoTime() - began), () -> {
                deadlinePassed = true;
                t.close();
            });
            AuthKey key = authKey(transport);
            deadline.cancel();
            Session existing = state.session;
            Session s = session(transport, key);
            if (s != existing) {
                made = s;
            }
            io.mtj.api.telegram.Config answer = init(s);
            if (!orphans.isEmpty()) {
                s.adopt(orphans); // after initConnection, as on any new session
            }
            return answer;
        } catch (IOException | InterruptedException | RuntimeException e) {
            deadline.cancel();
            if (transport != null) {
                transport.close();
                coolDownIfSilent(e);
            }
            if (made != null) {
                made.close();
                if (state.session == made) {
                    state.session = null;
                }
            }
            Exception shown = explain(e);
            if (shown instanceof IOException io) {
                throw io;
            }
            if (shown instanceof InterruptedException ie) {
                throw ie;
            }
            throw (RuntimeException) shown;
        }
    }

    /** Step 0: the key, salts and clock offset saved by an earlier run, when the client has no key yet. */
    void storedKey() throws IOException {
        Endpoint endpoint = config.endpoint();
        AuthKey known = state.authKey;
        if (known != null) {
            Session last = state.session;
            salt = last != null ? last.serverSalt() : known.serverSalt();
            futureSalts = last != null ? last.futureSalts() : List.of();
            return;
        }
        Optional<SessionState> stored = config.sessionStore().load();
        if (stored.isPresent() && stored.get().dcId() == endpoint.dcId()) {
            SessionState s = stored.get();
            byte[] key = s.authKey();
            state.authKey = new AuthKey(key, KeyDerivation.authKeyId(key), s.serverSalt(), s.clockOffsetMillis());
            state.msgIds = new MsgIdGenerator(config.clock(), s.clockOffsetMillis());
            salt = s.serverSalt();
            futureSalts = s.futureSalts();
            saved = s;
            if (state.dialled == null) {
                // the file's address is kept until a connect proves another one (step 6)
                state.dialled = new Endpoint(s.host(), s.port(), endpoint.dcId(), endpoint.test(), endpoint.media());
            }
        }
    }

    /**
     * Steps 1 and 2: a race over the DC's addresses ({@link DialCandidates}; one, the endpoint, through a proxy), each
     * dialled (through the configured proxies) and brought through its transport step; the first to finish is kept.
     * The race is bounded by the handshake deadline; with one candidate its failure is that attempt's own.
     */
    Transport dial() throws IOException, InterruptedException {
        List<DcAddress> candidates = DialCandidates.of(config, saved, state.serverConfig);
        dialling = candidates.size() == 1
                ? candidates.get(0).key()
                : "dc " + config.endpoint().dcId() + " (" + candidates.size() + " addresses)";
        long began = System.nanoTime();
        DialStep.Dialled won;
        try {
            won = new DialStep(config, events).run(candidates, config.handshakeTimeout());
        } catch (DialFailedException e) {
            deadlinePassed =
                    System.nanoTime() - began >= config.handshakeTimeout().toNanos();
            if (candidates.size() == 1 && e.failures().size() == 1) {
                throw e.failures().get(0).cause(); // one route: its own failure, as before there was a race
            }
            throw e;
        }
        dialled = won.address();
        dialling = won.address().key();
        return won.transport();
    }

    /**
     * A plain framing's transport step needs no byte from the server, so an address that takes TCP connections and
     * then says nothing wins the race; when the key exchange (or, with a stored key, initConnection) then hears
     * nothing in time, or the connection ends before any answer, that address is cooled down so that the next race
     * tries it last.
     */
    private void coolDownIfSilent(Exception e) {
        DcAddress a = dialled;
        if (a != null
                && (deadlinePassed
                        || e instanceof SocketTimeoutException
                        || (!answered && isCleanCloseBeforeAnswer(e)))) {
            config.dialOptions().cooldown().failed(a);
        }
    }

    /**
     * Steps 3 and 4: the key the client has, or a DH exchange. The exchange's server_time (server_DH_inner_data)
     * sets the clock correction, so the first encrypted message already carries a msg_id in the server's window,
     * however far the local clock is off.
     */
    AuthKey authKey(Transport transport) throws IOException {
        AuthKey permanent = permanentKey(transport);
        return config.tempKeys().isPresent() ? temporaryKey(transport, permanent) : permanent;
    }

    private AuthKey permanentKey(Transport transport) throws IOException {
        var step = ConnectionEvents.authKey();
        AuthKey key = state.authKey;
        MsgIdGenerator ids = state.msgIds;
        if (key != null && ids != null) {
            answered = true;
            events.authKeyReady(step, key.id(), true);
            return key;
        }
        ids = new MsgIdGenerator(config.clock());
        KeyExchange exchange = new KeyExchange(
                config.serverKeys(),
                config.random(),
                config.clock(),
                config.endpoint().headerDcId(),
                config.listener());
        key = exchange.run(new PlainChannel(transport, ids));
        state.permanentKeyMadeNanos = System.nanoTime();
        answered = true;
        ids.offsetMillis(key.clockOffsetMillis());
        state.authKey = key;
        state.msgIds = ids;
        salt = key.serverSalt();
        futureSalts = List.of();
        events.authKeyReady(step, key.id(), false);
        return key;
    }

    /** Steps 3 and 4 with temporary keys: see {@link TempKeyStep}. */
    private AuthKey temporaryKey(Transport transport, AuthKey permanent) throws IOException {
        TempKeyStep.Outcome o = new TempKeyStep(config, events, state, renewing).run(transport, permanent, salt);
        TempAuthKey made = o.made();
        if (made != null) {
            madeTemp = made;
            salt = o.salt();
            futureSalts = List.of();
        }
        return o.key();
    }

    /** Step 5: the client's session put on this connection, or a new session when there is none. */
    Session session(Transport transport, AuthKey key) {
        var step = ConnectionEvents.session();
        Session s = renewing ? null : state.session;
        MsgIdGenerator ids = state.msgIds;
        if (ids == null) {
            throw new IllegalStateException("no msg_id generator for the auth key");
        }
        Session keyless = null;
        if (s != null && !s.isClosed() && !renewing && madeTemp != null) {
            keyless = s; // its temporary key is gone: retired below, once calls have the new session to go to
            s = null;
        }
        if (s == null || s.isClosed()) {
            SessionHandler h = handler;
            CurrentSessionHandler current = null;
            if (config.tempKeys().isPresent()) {
                current = new CurrentSessionHandler(handler, state);
                h = current;
            }
            s = new Session(key.key(), salt, futureSalts, ids, config.random(), config.sessionOptions(), h);
            if (current != null) {
                current.serve(s);
            }
            madeSession = s;
            if (!renewing) {
                state.session = s;
                state.established = false;
            }
        }
        if (keyless != null) {
            // nothing can be asked under a key the server forgot or is about to: sent calls end as unknown
            orphans = keyless.retire("its temporary key is gone (forgotten by the server, or expired)");
        }
        s.attach(transport);
        saver.saveWhileOpen();
        events.sessionStarted(step, s.sessionId());
        return s;
    }

    /** Step 6: invokeWithLayer(initConnection(help.getConfig)), tied to this connection. */
    io.mtj.api.telegram.Config init(Session s) throws IOException, InterruptedException {
        var step = ConnectionEvents.init();
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
        CompletableFuture<io.mtj.api.telegram.Config> call =
                s.invokeOnThisConnection(new InvokeWithLayer<>(ApiLayer.LAYER, init));
        io.mtj.api.telegram.Config answer =
                await(call, "initConnection", config.callTimeout().toMillis());
        state.serverConfig = answer;
        DcAddress won = dialled;
        if (won != null) {
            state.dialled = won.endpoint(); // saved with the key from now on: an address proven up to step 6
        }
        state.established = true;
        saver.saveWhileOpen();
        events.initialized(step, ApiLayer.LAYER);
        return answer;
    }

    /** The failure as the user should read it: the handshake deadline, or an MTProxy that refused the secret. */
    private Exception explain(Exception e) {
        Endpoint endpoint = config.endpoint();
        if (deadlinePassed && e instanceof IOException) {
            // through an MTProxy the address dialled is the proxy's, and that is the one to name
            String dialled = config.mtproxy()
                    .map(link -> "MTProxy " + link.server() + ":" + link.port() + " (for dc " + endpoint.dcId() + ")")
                    .orElse(dialling);
            SocketTimeoutException timeout =
                    new SocketTimeoutException("connecting to " + dialled + " did not finish the handshake within "
                            + config.handshakeTimeout().toMillis() + " ms");
            timeout.initCause(e); // what the step in progress saw when the deadline closed the connection
            return timeout;
        }
        Optional<MtProxyLink> mtproxy = config.mtproxy();
        if (mtproxy.isPresent() && !answered && isCleanCloseBeforeAnswer(e)) {
            MtProxyLink link = mtproxy.get();
            return new MtProxyRejectedException(
                    link.server() + ":" + link.port(), link.secret().kind(), e);
        }
        return e;
    }

    /** End of stream with nothing received: how an MTProxy drops a client with a wrong secret. */
    private static boolean isCleanCloseBeforeAnswer(Throwable e) {
        if (e instanceof EndOfStream eos) {
            return eos.offset() == 0;
        }
        return e instanceof java.io.EOFException;
    }

    /** Waits for {@code future} up to {@code millis}, unwrapping its failure. */
    static <R> R await(CompletableFuture<R> future, String what, long millis) throws IOException, InterruptedException {
        try {
            return future.get(millis, TimeUnit.MILLISECONDS);
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
            future.completeExceptionally(new SocketTimeoutException(what + " got no answer within " + millis + " ms"));
            throw new SocketTimeoutException(what + " got no answer within " + millis + " ms");
        }
    }
}
