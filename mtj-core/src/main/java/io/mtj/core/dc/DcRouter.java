package io.mtj.core.dc;

import io.mtj.api.telegram.AuthAuthorization;
import io.mtj.api.telegram.AuthExportAuthorization;
import io.mtj.api.telegram.AuthExportedAuthorization;
import io.mtj.api.telegram.AuthImportAuthorization;
import io.mtj.api.telegram.AuthLogOut;
import io.mtj.api.telegram.Config;
import io.mtj.core.ClientConfig;
import io.mtj.core.RpcException;
import io.mtj.core.files.FileCaller;
import io.mtj.tl.TlMethod;
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
import org.jspecify.annotations.Nullable;

/**
 * One account across Telegram's data centres. It owns a pool of {@link io.mtj.core.TelegramClient}s per DC and {@link
 * Traffic} kind (all with that DC's auth key, created on first use and kept in the {@link DcSessionStore}; each pool
 * opens connections as traffic needs them, up to its {@link PoolSizes} ceiling) and routes every call:
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

    private final DcSessionStore store;
    private final DcClients clients;
    private final Map<Integer, CompletableFuture<@Nullable Void>> authorizing = new ConcurrentHashMap<>();
    private final Set<Integer> authorizedDcs = ConcurrentHashMap.newKeySet();
    private final AtomicInteger exports = new AtomicInteger();
    private volatile int mainDc;
    private volatile boolean loggedIn;
    private volatile boolean closed;

    private DcRouter(ClientConfig base, DcSessionStore store, PoolSizes sizes, int mainDc) {
        this.store = store;
        this.clients = new DcClients(base, store, sizes);
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
        return open(base, store, PoolSizes.defaults());
    }

    /**
     * A router as {@link #open(ClientConfig, DcSessionStore)} makes, with its own ceilings on connections per DC.
     *
     * @param base the configuration every DC's client copies; its endpoint is the home DC
     * @param store where each DC's session and the main DC are kept
     * @param sizes how many connections each (DC, traffic kind) may open, as traffic needs them
     * @return a router that has not connected yet
     * @throws IOException when the store cannot be read
     */
    public static DcRouter open(ClientConfig base, DcSessionStore store, PoolSizes sizes) throws IOException {
        OptionalInt saved = store.mainDc();
        return new DcRouter(base, store, sizes, saved.orElse(base.endpoint().dcId()));
    }

    /**
     * How many connections to {@code dcId} for {@code traffic} are open: 0 until a call needs one, then growing, up
     * to {@link PoolSizes#size}, only while every open one is busy.
     *
     * @param dcId the DC
     * @param traffic the kind of connection
     * @return the open connections, as of this moment
     */
    public int connections(int dcId, Traffic traffic) {
        return clients.open(dcId, traffic);
    }

    /**
     * Connections to {@code dcId} for file parts, one {@link FileCaller} per member of the DC's {@code traffic} pool,
     * for {@link io.mtj.core.files.FileUploader} and {@link io.mtj.core.files.FileDownloader}: they spread parts over
     * the callers (so over the pool's connections, each opened by its first part) and bound the bytes in flight on
     * each. A part answered {@code FILE_MIGRATE_X} is repeated on DC X's member of the same number, and a logged-in
     * account is authorized there first, as {@link #invoke(int, Traffic, TlMethod)} does. Each call runs on a virtual
     * thread of its own.
     *
     * @param dcId the DC the file lives on (or is uploaded to)
     * @param traffic {@link Traffic#DOWNLOAD} or {@link Traffic#UPLOAD}
     * @return as many callers as the pool may open connections
     */
    public List<FileCaller> fileCallers(int dcId, Traffic traffic) {
        int n = clients.sizes().size(dcId, traffic);
        List<FileCaller> callers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int member = i;
            callers.add(new FileCaller() {
                @Override
                public <R> CompletableFuture<R> invoke(TlMethod<R> method) {
                    CompletableFuture<R> answer = new CompletableFuture<>();
                    Thread.ofVirtual().name("mtj-file-dc" + dcId + "-" + member).start(() -> {
                        try {
                            answer.complete(route(dcId, traffic, member, method));
                        } catch (IOException | InterruptedException | RuntimeException e) {
                            answer.completeExceptionally(e);
                        }
                    });
                    return answer;
                }
            });
        }
        return List.copyOf(callers);
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
        return Optional.ofNullable(clients.config());
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
        return route(-1, Traffic.MAIN, -1, method);
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
        return route(dcId, Traffic.MAIN, -1, method);
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
        return route(dcId, traffic, -1, method);
    }

    /** Calls {@code method}, following migrations; {@code member} pins the pool member, or -1 for the least busy. */
    private <R> R route(int requestedDc, Traffic traffic, int member, TlMethod<R> method)
            throws IOException, InterruptedException {
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
            int on = dc;
            try {
                R result = clients.pool(dc, traffic).invoke(member, method);
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
                            () -> method.getClass().getSimpleName() + " on dc " + on + " answered "
                                    + e.errorMessage()
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
                    clients.pool(mainDc, Traffic.MAIN).invoke(-1, new AuthExportAuthorization(dc));
            clients.pool(dc, Traffic.MAIN).invoke(-1, new AuthImportAuthorization(exported.id(), exported.bytes()));
            authorizedDcs.add(dc);
            mine.complete(null);
        } catch (IOException | InterruptedException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            authorizing.remove(dc, mine);
        }
    }

    /**
     * Closes every DC's client. Calls in flight fail with {@link io.mtj.core.ClientClosedException}, and calls made
     * afterwards fail at once with an {@link IOException}; what was saved to the store stays there. Closing twice does nothing more.
     */
    @Override
    public void close() {
        closed = true;
        clients.close();
    }
}
