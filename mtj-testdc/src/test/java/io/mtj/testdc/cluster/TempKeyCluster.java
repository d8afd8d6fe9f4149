package io.mtj.testdc.cluster;

import io.mtj.api.mtproto.Ping;
import io.mtj.api.telegram.AuthBindTempAuthKey;
import io.mtj.api.telegram.HelpCountriesListNotModified;
import io.mtj.api.telegram.HelpGetCountriesList;
import io.mtj.core.ClientConfig;
import io.mtj.core.DeviceInfo;
import io.mtj.core.SessionOptions;
import io.mtj.core.TelegramClient;
import io.mtj.core.session.ClientAccess;
import io.mtj.core.session.Session;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.Executions;
import io.mtj.testdc.ReceivedRequest;
import io.mtj.testdc.RpcAnswer;
import io.mtj.testdc.TestCluster;
import io.mtj.testdc.TestDc;
import io.mtj.transport.Endpoint;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * What the temporary-key tests share: a two-DC cluster (bot 42 homed on DC 1) on one clock the tests move, read by
 * the DC and the client alike; help.getCountriesList answered on every listener, recording the key each call ran
 * under and counted by its hash (which each test makes unique), pings by their key.
 */
final class TempKeyCluster implements AutoCloseable {
    static final Duration LIFETIME = Duration.ofHours(1);

    final MovableClock clock = new MovableClock();
    final TestCluster cluster;
    final Set<Long> keysThatRan = ConcurrentHashMap.newKeySet();

    TempKeyCluster(long seed) throws Exception {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(seed);
        cluster = TestCluster.builder()
                .dcs(2)
                .rsaKey(RsaKeyPair.generate2048(seeded))
                .clock(clock)
                .bot(42, "SECRET", 1)
                .build();
        for (int dc = 1; dc <= 2; dc++) {
            for (TestDc listener : listeners(dc)) {
                listener.handleRequest(HelpGetCountriesList.ID, r -> {
                    keysThatRan.add(r.authKeyId());
                    return RpcAnswer.result(new HelpCountriesListNotModified());
                });
            }
        }
    }

    @Override
    public void close() {
        cluster.close();
    }

    /** Before each test: executions counted afresh, no key recorded. */
    void countByHash() {
        cluster.dc(1).executions().identity(TempKeyCluster::hashOrMessage);
        keysThatRan.clear();
    }

    /** A getCountriesList call is told apart by its hash, a ping by its key, others by their message. */
    private static Object hashOrMessage(ReceivedRequest r) {
        if (r.constructorId() == Ping.ID) {
            return List.of("ping", r.authKeyId());
        }
        return r.method() instanceof HelpGetCountriesList m ? (Object) m.hash() : Executions.messageKey(r);
    }

    ClientConfig.Builder config(int dc) {
        return ClientConfig.builder(12345, "0123456789abcdef0123456789abcdef")
                .endpoint(Endpoint.of("127.0.0.1", cluster.dc(dc).port(), dc))
                .serverKeys(List.of(cluster.dc(dc).publicKey()))
                .device(new DeviceInfo("JUnit", "Loopback 1.0", "9.9", "en", "", "en"))
                .connectTimeout(Duration.ofSeconds(5))
                .handshakeTimeout(Duration.ofSeconds(30))
                .callTimeout(Duration.ofSeconds(30))
                .clock(clock)
                .sessionOptions(SessionOptions.defaults().withPingInterval(Duration.ZERO));
    }

    TelegramClient tempKeyClient() {
        return new TelegramClient(config(1).tempKeys(LIFETIME).build());
    }

    /** The temporary key DC 1 bound last to the client's permanent key. */
    long boundKey(TelegramClient client) {
        return cluster.boundTempKey(1, client.authKeyId().orElseThrow()).orElseThrow();
    }

    /** The main and media-only listeners of a DC. */
    List<TestDc> listeners(int dc) {
        TestDc media = cluster.mediaDc(dc);
        return media == null ? List.of(cluster.dc(dc)) : List.of(cluster.dc(dc), media);
    }

    /** The permanent key the DC bound {@code tempKey} to, read from the binding request it received. */
    Optional<Long> permanentKeyOf(int dc, long tempKey) {
        for (TestDc listener : listeners(dc)) {
            for (ReceivedRequest r : drainRequests(listener)) {
                if (r.authKeyId() == tempKey && r.method() instanceof AuthBindTempAuthKey bind) {
                    long perm = bind.permAuthKeyId();
                    return cluster.boundTempKey(dc, perm)
                            .filter(k -> k == tempKey)
                            .map(k -> perm);
                }
            }
        }
        return Optional.empty();
    }

    /** Waits until DC 1 has bound a key other than {@code first} to the client's permanent key and it is connected. */
    void awaitNewKey(TelegramClient client, long first) throws InterruptedException {
        await(
                () -> cluster.boundTempKey(1, client.authKeyId().orElseThrow())
                                .filter(k -> k != first)
                                .isPresent()
                        && connected(client),
                "a new key bound and its session connected");
    }

    static boolean connected(TelegramClient client) {
        return ClientAccess.session(client).map(Session::connected).orElse(false);
    }

    static List<ReceivedRequest> drainRequests(TestDc dc) {
        List<ReceivedRequest> out = new ArrayList<>();
        try {
            for (ReceivedRequest r; (r = dc.takeRequest(Duration.ZERO)) != null; ) {
                out.add(r);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("waited 60 s for " + what);
            }
            Thread.sleep(10);
        }
    }

    /** The system clock plus an offset a test moves forward; the DC and the client read the same one. */
    static final class MovableClock implements InstantSource {
        private final AtomicLong offsetMillis = new AtomicLong();

        void advance(Duration d) {
            offsetMillis.addAndGet(d.toMillis());
        }

        @Override
        public Instant instant() {
            return Instant.now().plusMillis(offsetMillis.get());
        }

        @Override
        public long millis() {
            return System.currentTimeMillis() + offsetMillis.get();
        }
    }
}
