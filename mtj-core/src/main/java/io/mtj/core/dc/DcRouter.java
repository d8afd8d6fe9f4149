package io.mtj.core.dc;

import io.mtj.api.telegram.AuthAuthorization;
import io.mtj.api.telegram.AuthExportAuthorization;
import io.mtj.api.telegram.AuthExportedAuthorization;
import io.mtj.api.telegram.AuthImportAuthorization;
import io.mtj.api.telegram.AuthLogOut;
import io.mtj.api.telegram.Config;
import io.mtj.api.telegram.DcOption;
import io.mtj.core.ClientConfig;
import io.mtj.core.RpcException;
import io.mtj.core.TelegramClient;
import io.mtj.core.storage.SessionState;
import io.mtj.tl.TlMethod;
import io.mtj.transport.Endpoint;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * One account across Telegram's data centres. It owns a {@link TelegramClient} per DC and {@link Traffic} kind (each
 * with that DC's auth key, created on first use and kept in the {@link DcSessionStore}) and routes every call:
 *
 * <ul>
 *   <li>{@link #invoke(TlMethod)} goes to the main DC; {@code 303 PHONE_MIGRATE_X}, {@code USER_MIGRATE_X} and
 *       {@code NETWORK_MIGRATE_X} make DC X the main one (saved in the store) and repeat the call there;
 *   <li>{@code FILE_MIGRATE_X} (and any migration of a call made to a DC other than the main one) repeats the call on
 *       DC X without moving the main DC; {@link #invoke(int, TlMethod)} names the DC itself;
 *   <li>before the first call to another DC of a logged-in account, the main DC exports the authorization and that
 *       DC imports it; concurrent callers wait for the same export; a {@code 401 AUTH_KEY_UNREGISTERED} from such a
 *       DC (say after a restart) runs it again once.
 * </ul>
 *
 * A call refused with a migration error was not executed, so repeating it elsewhere keeps it exactly once. Addresses
 * come from the session store (where a DC's key was made) or from help.getConfig's dc_options: for {@link
 * Traffic#DOWNLOAD} and {@link Traffic#UPLOAD} media-only addresses first, IPv4 before IPv6, never CDN or
 * TCPO-only ones. Methods block the calling thread (use virtual threads); they are safe to call concurrently.
 */
public final class DcRouter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DcRouter.class.getName());

    /** Migrations followed for one call before giving up (Telegram sends at most one or two). */
    static final int MAX_HOPS = 5;

    /** What a connection carries: API calls, or file parts (which prefer media-only addresses). */
    public enum Traffic {
        /** API calls; the only kind whose connection makes and saves a DC's auth key. */
        MAIN,
        /** File downloads ({@code upload.getFile}); prefers the DC's media-only addresses. */
        DOWNLOAD,
        /** File uploads ({@code upload.saveFilePart}); prefers the DC's media-only addresses. */
        UPLOAD
    }

    private record Key(int dcId, Traffic traffic) {}

    private final ClientConfig base;
    private final DcSessionStore store;
    private final Map<Key, TelegramClient> clients = new ConcurrentHashMap<>();
    private final ReentrantLock connectLock = new ReentrantLock();
    private final Map<Integer, CompletableFuture<@Nullable Void>> authorizing = new ConcurrentHashMap<>();
    private final Set<Integer> authorizedDcs = ConcurrentHashMap.newKeySet();
    private final AtomicInteger exports = new AtomicInteger();
    private volatile int mainDc;
    private volatile boolean loggedIn;
    private volatile @Nullable Config config;
    private volatile boolean closed;

    private DcRouter(ClientConfig base, DcSessionStore store, int mainDc) {
        this.base = base;
        this.store = store;
        this.mainDc = mainDc;
    }

    /**
     * A router whose main DC is the one saved in {@code store}, else the base configuration's endpoint. Nothing is
     * dialled until the first call.
     *
     * @param base the configuration every DC's client copies (transport, proxies, clock, randomness and the rest); its
     *     endpoint is the home DC, dialled when the store names no main DC
     * @param store where each DC's session and the main DC are kept; the router saves to it as it goes
     * @return a router that has not connected yet
     * @throws IOException when the store cannot be read (a damaged main-DC record, for instance)
     */
    public static DcRouter open(ClientConfig base, DcSessionStore store) throws IOException {
        OptionalInt saved = store.mainDc();
        return new DcRouter(base, store, saved.orElse(base.endpoint().dcId()));
    }

    /**
     * The DC calls without a DC go to. It changes when the server answers a call on it with {@code PHONE_MIGRATE_X},
     * {@code USER_MIGRATE_X} or {@code NETWORK_MIGRATE_X}.
     *
     * @return the main DC's id as of this moment
     */
    public int mainDc() {
        return mainDc;
    }

    /**
     * Whether the account is logged in on the main DC, as far as this router has seen: it turns true when a call on
     * the main DC answers an {@code auth.authorization} and false after {@code auth.logOut} there. A session restored
     * from the store reads false until such a call.
     *
     * @return {@code true} once a login through this router succeeded and was not logged out
     */
    public boolean isLoggedIn() {
        return loggedIn;
    }

    /**
     * How many times an authorization was exported to another DC. Concurrent first calls to one DC share a single
     * export, so this counts exports, not callers.
     *
     * @return the number of {@code auth.exportAuthorization} calls started since the router was opened
     */
    public int exportCount() {
        return exports.get();
    }

    /**
     * The last help.getConfig answer seen, if any. Every client the router connects asks for it, so it is present
     * once any call has connected a DC.
     *
     * @return the newest configuration, or empty before the first connection
     */
    public Optional<Config> serverConfig() {
        return Optional.ofNullable(config);
    }

    /**
     * Calls {@code method} on the main DC, following migrations: a {@code PHONE}, {@code USER} or {@code NETWORK}
     * migration moves the main DC (and saves it) before the call is repeated there; any other migration repeats it on
     * the DC named without moving the main one. Blocks until the answer arrives; safe to call from many threads.
     *
     * @param <R> the method's result type
     * @param method the call to make
     * @return the server's answer
     * @throws RpcException when the server refuses the call with an error other than a migration the router follows
     *     (at most five are followed per call)
     * @throws IOException when the router is closed, no address for the DC is known, the connection fails, or the
     *     outcome cannot be known ({@link io.mtj.core.OutcomeUnknownException})
     * @throws InterruptedException when the calling thread is interrupted while it waits
     */
    public <R> R invoke(TlMethod<R> method) throws IOException, InterruptedException {
        return route(-1, Traffic.MAIN, method);
    }

    /**
     * Calls {@code method} on DC {@code dcId} over its main connection. For a logged-in account the DC is authorized
     * first (exported from the main DC and imported there, once however many threads ask). Migrations repeat the call
     * on the DC named and never move the main DC.
     *
     * @param <R> the method's result type
     * @param dcId the DC to call
     * @param method the call to make
     * @return the server's answer
     * @throws RpcException when the server refuses the call with an error other than a migration the router follows
     *     (at most five are followed per call)
     * @throws IOException when the router is closed, no address for the DC is known, the connection fails, or the
     *     outcome cannot be known ({@link io.mtj.core.OutcomeUnknownException})
     * @throws InterruptedException when the calling thread is interrupted while it waits
     */
    public <R> R invoke(int dcId, TlMethod<R> method) throws IOException, InterruptedException {
        return route(dcId, Traffic.MAIN, method);
    }

    /**
     * Calls {@code method} on DC {@code dcId} over a connection for {@code traffic}, as {@link #invoke(int, TlMethod)}
     * does. A connection for {@link Traffic#DOWNLOAD} or {@link Traffic#UPLOAD} is a separate one that prefers the DC's
     * media-only addresses and reuses the key of the DC's main connection without saving anything to the store.
     *
     * @param <R> the method's result type
     * @param dcId the DC to call
     * @param traffic which of the DC's connections carries the call
     * @param method the call to make
     * @return the server's answer
     * @throws RpcException when the server refuses the call with an error other than a migration the router follows
     *     (at most five are followed per call)
     * @throws IOException when the router is closed, no address for the DC is known, the connection fails, or the
     *     outcome cannot be known ({@link io.mtj.core.OutcomeUnknownException})
     * @throws InterruptedException when the calling thread is interrupted while it waits
     */
    public <R> R invoke(int dcId, Traffic traffic, TlMethod<R> method) throws IOException, InterruptedException {
        return route(dcId, traffic, method);
    }

    private <R> R route(int requestedDc, Traffic traffic, TlMethod<R> method) throws IOException, InterruptedException {
        int dc = requestedDc < 0 ? mainDc : requestedDc;
        boolean followsMain = requestedDc < 0;
        boolean reauthorized = false;
        for (int hop = 0; ; hop++) {
            if (closed) {
                throw new IOException("the router is closed");
            }
            boolean onMain = followsMain && dc == mainDc;
            if (!onMain && !isAuthorizationTransfer(method)) {
                authorize(dc);
            }
            TelegramClient client = client(dc, traffic);
            try {
                R result = client.invokeBlocking(method);
                if (result instanceof AuthAuthorization && onMain) {
                    loggedIn = true;
                    authorizedDcs.add(dc);
                } else if (method instanceof AuthLogOut && onMain) {
                    loggedIn = false;
                    authorizedDcs.clear();
                }
                return result;
            } catch (RpcException e) {
                OptionalInt to = e.migrateDc();
                String kind = e.migrateKind().orElse("");
                if (to.isPresent() && hop < MAX_HOPS) {
                    int next = to.getAsInt();
                    boolean movesMain =
                            onMain && (kind.equals("PHONE") || kind.equals("USER") || kind.equals("NETWORK"));
                    LOG.log(
                            Level.DEBUG,
                            () -> method.getClass().getSimpleName() + " on dc "
                                    + client.config().endpoint().dcId() + " answered " + e.errorMessage()
                                    + (movesMain ? "; main dc moves" : ""));
                    if (movesMain) {
                        moveMain(next);
                    }
                    dc = next;
                    continue;
                }
                if (e.code() == 401
                        && e.errorMessage().equals("AUTH_KEY_UNREGISTERED")
                        && !onMain
                        && loggedIn
                        && !reauthorized
                        && !isAuthorizationTransfer(method)) {
                    reauthorized = true;
                    authorizedDcs.remove(dc);
                    continue;
                }
                throw e;
            }
        }
    }

    private static boolean isAuthorizationTransfer(TlMethod<?> method) {
        return method instanceof AuthImportAuthorization || method instanceof AuthExportAuthorization;
    }

    private void moveMain(int dc) throws IOException {
        mainDc = dc;
        store.mainDc(dc);
    }

    /** Exports the main DC's authorization to {@code dc} once, however many callers ask at the same time. */
    private void authorize(int dc) throws IOException, InterruptedException {
        if (!loggedIn || dc == mainDc || authorizedDcs.contains(dc)) {
            return;
        }
        CompletableFuture<@Nullable Void> mine = new CompletableFuture<>();
        CompletableFuture<@Nullable Void> running = authorizing.putIfAbsent(dc, mine);
        if (running != null) {
            try {
                running.get();
                return;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                throw new IOException("authorizing dc " + dc + " failed: " + cause, cause);
            }
        }
        try {
            exports.incrementAndGet();
            AuthExportedAuthorization exported =
                    client(mainDc, Traffic.MAIN).invokeBlocking(new AuthExportAuthorization(dc));
            client(dc, Traffic.MAIN).invokeBlocking(new AuthImportAuthorization(exported.id(), exported.bytes()));
            authorizedDcs.add(dc);
            mine.complete(null);
        } catch (IOException | InterruptedException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            authorizing.remove(dc, mine);
        }
    }

    private TelegramClient client(int dc, Traffic traffic) throws IOException, InterruptedException {
        Key key = new Key(dc, traffic);
        TelegramClient existing = clients.get(key);
        if (existing != null) {
            return existing;
        }
        if (traffic != Traffic.MAIN) {
            client(dc, Traffic.MAIN); // the DC's key is made (and saved) once, by its main connection
        }
        connectLock.lock();
        try {
            existing = clients.get(key);
            if (existing != null) {
                return existing;
            }
            Endpoint endpoint = endpoint(dc, traffic);
            // file connections reuse the key of the DC's main connection but never save over its address
            io.mtj.core.storage.SessionStore dcStore =
                    traffic == Traffic.MAIN ? store.forDc(dc) : new ReadOnlyStore(store.forDc(dc));
            TelegramClient client = new TelegramClient(
                    traffic == Traffic.MAIN
                            ? ConfigCopy.forDc(base, endpoint, dcStore)
                            : ConfigCopy.extraConnection(base, endpoint, dcStore));
            try {
                Config answer = client.connect();
                config = answer;
            } catch (IOException | InterruptedException | RuntimeException e) {
                client.close();
                throw e;
            }
            clients.put(key, client);
            return client;
        } finally {
            connectLock.unlock();
        }
    }

    /** Where to dial DC {@code dc} for {@code traffic}. */
    private Endpoint endpoint(int dc, Traffic traffic) throws IOException, InterruptedException {
        Endpoint home = base.endpoint();
        if (traffic == Traffic.MAIN) {
            if (dc == home.dcId()) {
                return home;
            }
            Optional<SessionState> saved = store.forDc(dc).load();
            if (saved.isPresent() && saved.get().dcId() == dc) {
                return new Endpoint(saved.get().host(), saved.get().port(), dc, home.test(), false);
            }
        }
        Config known = config;
        if (known == null) {
            TelegramClient any = clients.get(new Key(home.dcId(), Traffic.MAIN));
            if (any == null) {
                any = client(home.dcId(), Traffic.MAIN); // connectLock is reentrant
            }
            known = any.serverConfig();
            if (known == null) {
                throw new IOException("no help.getConfig answer to find dc " + dc + " in");
            }
        }
        DcOption option = pick(known.dcOptions(), dc, traffic != Traffic.MAIN);
        if (option == null) {
            throw new IOException("help.getConfig lists no usable address for dc " + dc);
        }
        return new Endpoint(option.ipAddress(), option.port(), dc, home.test(), option.mediaOnly());
    }

    /** The best option for {@code dc}: media-only first when {@code media}, IPv4 first, never CDN or TCPO-only. */
    static @Nullable DcOption pick(List<DcOption> options, int dc, boolean media) {
        List<DcOption> usable = new ArrayList<>();
        for (DcOption o : options) {
            if (o.id() == dc && !o.cdn() && !o.tcpoOnly() && o.secret() == null) {
                usable.add(o);
            }
        }
        DcOption best = null;
        int bestScore = Integer.MIN_VALUE;
        for (DcOption o : usable) {
            int score = (o.mediaOnly() == media ? 2 : 0) + (o.ipv6() ? 0 : 1);
            if (!media && o.mediaOnly()) {
                continue; // API calls never go to media-only addresses
            }
            if (score > bestScore) {
                best = o;
                bestScore = score;
            }
        }
        return best;
    }

    /** A store that hands out a DC's saved key but keeps what a file connection would save to itself. */
    private record ReadOnlyStore(io.mtj.core.storage.SessionStore delegate)
            implements io.mtj.core.storage.SessionStore {
        @Override
        public Optional<SessionState> load() throws IOException {
            return delegate.load();
        }

        @Override
        public void save(SessionState state) {}

        @Override
        public void clear() {}
    }

    /**
     * Closes every DC's client. Calls in flight fail with {@link io.mtj.core.ClientClosedException}, and calls made
     * afterwards fail at once with an {@link IOException}; what was saved to the store stays there. Closing twice does nothing more.
     */
    @Override
    public void close() {
        closed = true;
        for (TelegramClient c : clients.values()) {
            c.close();
        }
        clients.clear();
    }
}
