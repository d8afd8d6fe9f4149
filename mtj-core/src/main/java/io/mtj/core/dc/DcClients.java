package io.mtj.core.dc;

import io.mtj.api.telegram.Config;
import io.mtj.api.telegram.DcOption;
import io.mtj.core.ClientConfig;
import io.mtj.core.TelegramClient;
import io.mtj.core.storage.SessionState;
import io.mtj.core.storage.SessionStore;
import io.mtj.transport.Endpoint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DcRouter}'s connections: one {@link ClientPool} per (DC, traffic kind), sized by {@link PoolSizes}, and
 * where each member dials. Member 0 of a DC's main pool makes the DC's auth key and saves it (and its address) to the
 * store; every other member, of any kind, opens only after it and reuses that key through a store that saves nothing,
 * so the DC keeps one key and a media-only address never replaces the main one on disk.
 */
final class DcClients implements AutoCloseable {
    private record Key(int dcId, DcRouter.Traffic traffic) {}

    private final ClientConfig base;
    private final DcSessionStore store;
    private final PoolSizes sizes;
    private final Map<Key, ClientPool> pools = new ConcurrentHashMap<>();
    private volatile @Nullable Config config;
    private volatile boolean closed;

    DcClients(ClientConfig base, DcSessionStore store, PoolSizes sizes) {
        this.base = base;
        this.store = store;
        this.sizes = sizes;
    }

    PoolSizes sizes() {
        return sizes;
    }

    @Nullable
    Config config() {
        return config;
    }

    /** The pool of {@code dc} for {@code traffic}, made (without connecting) on first use. */
    ClientPool pool(int dc, DcRouter.Traffic traffic) throws IOException {
        if (closed) {
            throw new IOException("the router is closed");
        }
        ClientPool pool = pools.computeIfAbsent(
                new Key(dc, traffic),
                k -> new ClientPool(
                        "dc " + dc + " " + traffic.name().toLowerCase(java.util.Locale.ROOT),
                        sizes.size(dc, traffic),
                        index -> connect(dc, traffic, index)));
        if (closed) {
            pool.close(); // close raced with this pool's creation
            throw new IOException("the router is closed");
        }
        return pool;
    }

    /** {@return the open connections of {@code dc} for {@code traffic}} */
    int open(int dc, DcRouter.Traffic traffic) {
        ClientPool pool = pools.get(new Key(dc, traffic));
        return pool == null ? 0 : pool.open();
    }

    /** Opens member {@code index} of (dc, traffic); the DC's key comes first from main member 0. */
    private TelegramClient connect(int dc, DcRouter.Traffic traffic, int index)
            throws IOException, InterruptedException {
        boolean keyMaker = traffic == DcRouter.Traffic.MAIN && index == 0;
        if (!keyMaker) {
            ClientPool main = pool(dc, DcRouter.Traffic.MAIN);
            main.release(main.acquire(0)); // the DC's key is made (and saved) once, by its main connection
        }
        Endpoint endpoint = endpoint(dc, traffic);
        // other connections reuse the key of the DC's main connection but never save over its address
        SessionStore dcStore = keyMaker ? store.forDc(dc) : new ReadOnlyStore(store.forDc(dc));
        // download and upload connections run on temporary keys bound to the DC's permanent one
        TelegramClient client = new TelegramClient(
                traffic == DcRouter.Traffic.MAIN
                        ? ConfigCopy.forDc(base, endpoint, dcStore)
                        : ConfigCopy.extraConnection(base, endpoint, dcStore));
        try {
            config = client.connect();
        } catch (IOException | InterruptedException | RuntimeException e) {
            client.close();
            throw e;
        }
        return client;
    }

    /** Where to dial DC {@code dc} for {@code traffic}. */
    private Endpoint endpoint(int dc, DcRouter.Traffic traffic) throws IOException, InterruptedException {
        Endpoint home = base.endpoint();
        if (traffic == DcRouter.Traffic.MAIN) {
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
            ClientPool homePool = pool(home.dcId(), DcRouter.Traffic.MAIN);
            homePool.release(homePool.acquire(0)); // its connect() fetched help.getConfig
            known = config;
            if (known == null) {
                throw new IOException("no help.getConfig answer to find dc " + dc + " in");
            }
        }
        DcOption option = pick(known.dcOptions(), dc, traffic != DcRouter.Traffic.MAIN);
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

    /** A store that hands out a DC's saved key but keeps what another connection would save to itself. */
    private record ReadOnlyStore(SessionStore delegate) implements SessionStore {
        @Override
        public Optional<SessionState> load() throws IOException {
            return delegate.load();
        }

        @Override
        public void save(SessionState state) {}

        @Override
        public void clear() {}
    }

    /** Closes every pool; what was saved to the store stays there. */
    @Override
    public void close() {
        closed = true;
        for (ClientPool pool : pools.values()) {
            pool.close();
        }
    }
}
