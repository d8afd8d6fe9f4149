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
        MAIN,
        DOWNLOAD,
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
     */
    public static DcRouter open(ClientConfig base, DcSessionStore store) throws IOException {
        OptionalInt saved = store.mainDc();
        return new DcRouter(base, store, saved.orElse(base.endpoint().dcId()));
    }

    /** The DC calls without a DC go to. */
    public int mainDc() {
        return mainDc;
    }

    /** Whether the account is logged in on the main DC (as far as this router has seen). */
    public boolean isLoggedIn() {
        return loggedIn;
    }

    /** How many times an authorization was exported to another DC (concurrent callers share one). */
    public int exportCount() {
        return exports.get();
    }

    /** The last help.getConfig answer seen, if any. */
    public Optional<Config> serverConfig() {
        return Optional.ofNullable(config);
    }

    /** Calls {@code method} on the main DC, following migrations. */
    public <R> R invoke(TlMethod<R> method) throws IOException, InterruptedException {
        return route(-1, Traffic.MAIN, method);
    }

    /** Calls {@code method} on DC {@code dcId} (authorizing it first for a logged-in account). */
    public <R> R invoke(int dcId, TlMethod<R> method) throws IOException, InterruptedException {
        return route(dcId, Traffic.MAIN, method);
    }

    /** Calls {@code method} on DC {@code dcId} over a connection for {@code traffic}. */
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
            TelegramClient client = new TelegramClient(ConfigCopy.forDc(base, endpoint, dcStore));
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

    /** Closes every DC's client. */
    @Override
    public void close() {
        closed = true;
        for (TelegramClient c : clients.values()) {
            c.close();
        }
        clients.clear();
    }
}
