package io.mtj.testdc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.api.mtproto.Ping;
import io.mtj.api.telegram.AuthBindTempAuthKey;
import io.mtj.api.telegram.AuthImportBotAuthorization;
import io.mtj.api.telegram.HelpCountriesListNotModified;
import io.mtj.api.telegram.HelpGetCountriesList;
import io.mtj.api.telegram.HelpGetNearestDc;
import io.mtj.api.telegram.InputUserSelf;
import io.mtj.api.telegram.User;
import io.mtj.api.telegram.UsersGetUsers;
import io.mtj.core.ClientConfig;
import io.mtj.core.DeviceInfo;
import io.mtj.core.OutcomeUnknownException;
import io.mtj.core.SessionOptions;
import io.mtj.core.TelegramClient;
import io.mtj.core.dc.DcRouter;
import io.mtj.core.dc.DcSessionStore;
import io.mtj.core.session.ClientAccess;
import io.mtj.core.session.Session;
import io.mtj.core.storage.SessionState;
import io.mtj.core.storage.SessionStore;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.Executions;
import io.mtj.testdc.ReceivedRequest;
import io.mtj.testdc.RpcAnswer;
import io.mtj.testdc.TestCluster;
import io.mtj.testdc.TestDc;
import io.mtj.transport.Endpoint;
import io.mtj.transport.Framing;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client with temporary keys (perfect forward secrecy) against a cluster: it binds before any other request, the
 * bound key acts for the permanent key's login, a new key replaces the old three quarters into its life without a call
 * lost or run twice, a key the DC forgot is replaced, and DcRouter's download connections use temporary keys by
 * default. One clock, moved by the tests, drives both the DC and the client.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientTempKeyTest {
    private static final Duration LIFETIME = Duration.ofHours(1);
    private static final MovableClock CLOCK = new MovableClock();
    private static TestCluster cluster;
    private static final Set<Long> keysThatRan = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() throws Exception {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(77);
        cluster = TestCluster.builder()
                .dcs(2)
                .rsaKey(RsaKeyPair.generate2048(seeded))
                .clock(CLOCK)
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

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @BeforeEach
    void countByHash() {
        cluster.dc(1).executions().identity(ClientTempKeyTest::hashOrMessage);
        keysThatRan.clear();
    }

    /** A getCountriesList call is told apart by its hash, which each test makes unique; others by their message. */
    private static Object hashOrMessage(ReceivedRequest r) {
        if (r.constructorId() == Ping.ID) {
            return List.of("ping", r.authKeyId());
        }
        return r.method() instanceof HelpGetCountriesList m ? (Object) m.hash() : Executions.messageKey(r);
    }

    private static ClientConfig.Builder config(int dc) {
        return ClientConfig.builder(12345, "0123456789abcdef0123456789abcdef")
                .endpoint(Endpoint.of("127.0.0.1", cluster.dc(dc).port(), dc))
                .serverKeys(List.of(cluster.dc(dc).publicKey()))
                .device(new DeviceInfo("JUnit", "Loopback 1.0", "9.9", "en", "", "en"))
                .connectTimeout(Duration.ofSeconds(5))
                .handshakeTimeout(Duration.ofSeconds(30))
                .callTimeout(Duration.ofSeconds(30))
                .clock(CLOCK)
                .sessionOptions(SessionOptions.defaults().withPingInterval(Duration.ZERO));
    }

    private static TelegramClient tempKeyClient() {
        return new TelegramClient(config(1).tempKeys(LIFETIME).build());
    }

    private static long boundKey(TelegramClient client) {
        return cluster.boundTempKey(1, client.authKeyId().orElseThrow()).orElseThrow();
    }

    @Test
    void bindsBeforeAnyOtherRequestAndTheBoundKeyActsForThePermanentKeysLogin() throws Exception {
        TestDc dc = cluster.dc(1);
        drainRequests(dc);
        try (TelegramClient client = tempKeyClient()) {
            client.connect();
            long perm = client.authKeyId().orElseThrow();
            long temp = boundKey(client);
            assertThat(temp).isNotEqualTo(perm);
            assertThat(cluster.isTemporaryKey(1, temp)).isTrue();
            assertThat(cluster.isTemporaryKey(1, perm)).isFalse();

            // the first request under the temporary key is the binding; nothing at all goes out under the permanent one
            List<ReceivedRequest> seen = drainRequests(dc);
            assertThat(seen).extracting(ReceivedRequest::authKeyId).doesNotContain(perm);
            assertThat(seen).isNotEmpty();
            assertThat(seen.get(0).authKeyId()).isEqualTo(temp);
            assertThat(seen.get(0).method()).isInstanceOf(AuthBindTempAuthKey.class);

            client.invokeBlocking(new AuthImportBotAuthorization(0, 12345, "0123456789abcdef", "42:SECRET"));
            User self = (User) client.invokeBlocking(new UsersGetUsers(List.of(new InputUserSelf())))
                    .get(0);
            assertThat(self.id()).isEqualTo(42);
            assertThat(cluster.accounts().dcsLoggedIn(42)).containsExactly(1);
        }
    }

    @Test
    void threeQuartersIntoItsLifeANewKeyTakesOverWithNoCallLostOrRunTwice() throws Exception {
        try (TelegramClient client = tempKeyClient()) {
            client.connect();
            long first = boundKey(client);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger done = new AtomicInteger();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            List<Integer> sent = new CopyOnWriteArrayList<>();
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int base = t * 100_000;
                callers.add(Thread.ofVirtual().start(() -> {
                    for (int i = base; !stop.get() && i < base + 10_000; i++) {
                        sent.add(i);
                        try {
                            client.invokeBlocking(new HelpGetCountriesList("en", i));
                            done.incrementAndGet();
                        } catch (Exception e) {
                            failures.add(e);
                            return;
                        }
                    }
                }));
            }
            await(() -> done.get() >= 10 || !failures.isEmpty(), "ten calls under the first key");
            // past three quarters of the key's life in steps of 200 s, a call completing between steps: a message in
            // flight stays inside the DC's 300 s msg_id window, as it would with a clock that runs instead of jumps
            Duration moved = Duration.ZERO;
            while (moved.compareTo(LIFETIME.multipliedBy(3).dividedBy(4).plusMinutes(1)) < 0) {
                CLOCK.advance(Duration.ofSeconds(200));
                moved = moved.plusSeconds(200);
                int now = done.get();
                await(() -> done.get() > now || !failures.isEmpty(), "a call after moving the clock");
            }
            await(
                    () -> cluster.boundTempKey(1, client.authKeyId().orElseThrow())
                                            .orElse(first)
                                    != first
                            || !failures.isEmpty(),
                    "a new key bound");
            long second = boundKey(client);
            int before = done.get();
            await(() -> done.get() >= before + 10 || !failures.isEmpty(), "ten calls after the renewal");
            stop.set(true);
            for (Thread t : callers) {
                t.join(Duration.ofSeconds(60));
            }
            assertThat(failures).isEmpty();
            assertThat(second).isNotEqualTo(first);
            assertThat(cluster.isTemporaryKey(1, second)).isTrue();
            Executions runs = cluster.dc(1).executions();
            for (int hash : sent) {
                assertThat(runs.count(hash)).as("executions of call %d", hash).isEqualTo(1);
            }
            assertThat(runs.executedMoreThanOnce()).isZero();
            assertThat(keysThatRan).contains(first, second);
            // the client went on with the new key: a call now runs under it
            keysThatRan.clear();
            client.invokeBlocking(new HelpGetCountriesList("en", 999_999));
            assertThat(keysThatRan).containsExactly(second);
        }
        // the clock stays where it is: the DC and later clients read it alike
    }

    @Test
    void aKeyTheDcForgotIsReplacedACallWrittenUnderItEndsUnknownAndNoneRunsTwice() throws Exception {
        try (TelegramClient client = tempKeyClient()) {
            client.connect();
            long first = boundKey(client);
            client.invokeBlocking(new HelpGetCountriesList("en", 1));
            assertThat(cluster.forgetTempKey(1, first)).isTrue();

            // written on the open connection under the forgotten key: the DC answers -404 without decrypting it, but
            // nothing proves that to the client, so it is never re-sent
            var written = client.invoke(new HelpGetCountriesList("en", 2));
            assertThatThrownBy(written::get)
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(OutcomeUnknownException.class);

            awaitNewKey(client, first);
            long second = boundKey(client);
            client.invokeBlocking(new HelpGetCountriesList("en", 3));

            Executions runs = cluster.dc(1).executions();
            assertThat(runs.count(1)).isEqualTo(1);
            assertThat(runs.count(2)).isZero();
            assertThat(runs.count(3)).isEqualTo(1);
            assertThat(second).isNotEqualTo(first);
            assertThat(cluster.isTemporaryKey(1, second)).isTrue();
            assertThat(keysThatRan).containsExactlyInAnyOrder(first, second);
        }
    }

    @Test
    void aCallMadeWhileTheForgottenKeysConnectionIsDownRunsOnceUnderTheNewKey() throws Exception {
        try (TelegramClient client = tempKeyClient()) {
            client.connect();
            long first = boundKey(client);
            cluster.forgetTempKey(1, first);
            cluster.dc(1).faults().transportErrorNow(-404);
            await(() -> !connected(client), "the client sees the connection end");

            // never written under the old key: it waits, then goes out in the new key's session, once
            client.invokeBlocking(new HelpGetCountriesList("en", 10));
            long second = boundKey(client);
            assertThat(second).isNotEqualTo(first);
            assertThat(cluster.dc(1).executions().count(10)).isEqualTo(1);
            assertThat(keysThatRan).containsExactly(second);
        }
    }

    @Test
    void aLostConnectionIsResumedUnderTheSameKeyAfterAPingProvesTheDcStillKnowsIt() throws Exception {
        try (TelegramClient client = tempKeyClient()) {
            client.connect();
            long first = boundKey(client);
            long sessionBefore = ClientAccess.session(client).orElseThrow().sessionId();
            int pingsBefore = cluster.dc(1).executions().count(List.of("ping", first));
            cluster.dc(1).faults().closeNow();
            await(() -> !connected(client), "the client sees the connection end");
            client.invokeBlocking(new HelpGetCountriesList("en", 60));
            assertThat(boundKey(client)).isEqualTo(first);
            assertThat(ClientAccess.session(client).orElseThrow().sessionId()).isEqualTo(sessionBefore);
            assertThat(keysThatRan).containsExactly(first);
            assertThat(cluster.dc(1).executions().count(60)).isEqualTo(1);
            assertThat(cluster.dc(1).executions().count(List.of("ping", first)))
                    .as("the probe before the session is put back")
                    .isGreaterThan(pingsBefore);
        }
    }

    @Test
    void aClientIdlePastItsKeysExpiryRunsNoCallTwiceAndGoesOnUnderANewKey() throws Exception {
        try (TelegramClient client = tempKeyClient()) {
            client.connect();
            long first = boundKey(client);
            // idle, nothing in flight: the clock jumps past expires_at at once, as after a suspended laptop wakes
            CLOCK.advance(LIFETIME.plusMinutes(5));
            var early = client.invoke(new HelpGetCountriesList("en", 50));
            Throwable earlyFailure = null;
            try {
                early.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                earlyFailure = e.getCause();
            }
            Executions runs = cluster.dc(1).executions();
            if (earlyFailure != null) {
                // written under the expired key before the new one was bound: never re-sent, and the DC never ran it
                assertThat(earlyFailure).isInstanceOf(OutcomeUnknownException.class);
                assertThat(runs.count(50)).isZero();
            } else {
                assertThat(runs.count(50)).isEqualTo(1);
            }
            awaitNewKey(client, first);
            client.invokeBlocking(new HelpGetCountriesList("en", 51));
            assertThat(runs.count(51)).isEqualTo(1);
            assertThat(keysThatRan).doesNotContain(first).contains(boundKey(client));
        }
    }

    @Test
    void overTheHttpTransportTheKeyIsBoundAndCallsRun() throws Exception {
        try (TelegramClient client = new TelegramClient(
                config(1).tempKeys(LIFETIME).framing(Framing.HTTP).build())) {
            client.connect();
            long temp = boundKey(client);
            client.invokeBlocking(new HelpGetCountriesList("en", 30));
            assertThat(keysThatRan).containsExactly(temp);
            assertThat(cluster.dc(1).executions().count(30)).isEqualTo(1);
        }
    }

    @Test
    void aDcRouterDownloadConnectionUsesATemporaryKeyBoundToTheDcsPermanentKey() throws Exception {
        // temporary keys are not configured: the main connection uses the permanent key, the download one binds
        try (DcRouter router = DcRouter.open(config(2).build(), DcSessionStore.inMemory())) {
            router.invoke(2, new HelpGetNearestDc());
            router.invoke(2, DcRouter.Traffic.DOWNLOAD, new HelpGetCountriesList("en", 20));
            assertThat(keysThatRan).hasSize(1);
            long downloadKey = keysThatRan.iterator().next();
            assertThat(cluster.isTemporaryKey(2, downloadKey)).isTrue();
            Optional<Long> perm = permanentKeyOf(2, downloadKey);
            assertThat(perm).isPresent();
            assertThat(cluster.isTemporaryKey(2, perm.get())).isFalse();
        }
    }

    @Test
    void downloadAndUploadConnectionsOfOneDcEachBindTheirOwnKeyToItsPermanentKeyAndBothAct() throws Exception {
        try (DcRouter router = DcRouter.open(config(1).build(), DcSessionStore.inMemory())) {
            router.invoke(new AuthImportBotAuthorization(0, 12345, "0123456789abcdef", "42:SECRET"));
            UsersGetUsers self = new UsersGetUsers(List.of(new InputUserSelf()));
            assertThat(((User) router.invoke(1, DcRouter.Traffic.DOWNLOAD, self).get(0)).id())
                    .isEqualTo(42);
            assertThat(((User) router.invoke(1, DcRouter.Traffic.UPLOAD, self).get(0)).id())
                    .isEqualTo(42);
            // the download connection's key is still bound after the upload connection bound its own
            assertThat(((User) router.invoke(1, DcRouter.Traffic.DOWNLOAD, self).get(0)).id())
                    .isEqualTo(42);
        }
    }

    @Test
    void aStoredPermanentKeyTheDcRefusesToBindToIsReplacedByANewOne() throws Exception {
        byte[] unknown = new byte[256];
        new java.util.SplittableRandom(5).nextBytes(unknown);
        long unknownId = io.mtj.crypto.KeyDerivation.authKeyId(unknown);
        MemoryStore store =
                new MemoryStore(new SessionState(1, "127.0.0.1", cluster.dc(1).port(), unknown, 0L, 0L, List.of()));
        try (TelegramClient client = new TelegramClient(
                config(1).tempKeys(LIFETIME).sessionStore(store).build())) {
            client.connect();
            long perm = client.authKeyId().orElseThrow();
            assertThat(perm).isNotEqualTo(unknownId);
            assertThat(cluster.boundTempKey(1, perm)).isPresent();
            assertThat(cluster.boundTempKey(1, unknownId)).isEmpty();
            client.invokeBlocking(new HelpGetCountriesList("en", 40));
            assertThat(cluster.dc(1).executions().count(40)).isEqualTo(1);
        }
        assertThat(store.state).isNotNull();
        assertThat(io.mtj.crypto.KeyDerivation.authKeyId(store.state.authKey())).isNotEqualTo(unknownId);
    }

    /** A session store in memory. */
    static final class MemoryStore implements SessionStore {
        volatile @Nullable SessionState state;

        MemoryStore(SessionState state) {
            this.state = state;
        }

        @Override
        public Optional<SessionState> load() {
            return Optional.ofNullable(state);
        }

        @Override
        public void save(SessionState s) {
            state = s;
        }

        @Override
        public void clear() {
            state = null;
        }
    }

    // ---------------------------------------------------------------- helpers

    /** The main and media-only listeners of a DC. */
    private static List<TestDc> listeners(int dc) {
        TestDc media = cluster.mediaDc(dc);
        return media == null ? List.of(cluster.dc(dc)) : List.of(cluster.dc(dc), media);
    }

    /** The permanent key the DC bound {@code tempKey} to, read from the binding request it received. */
    private static Optional<Long> permanentKeyOf(int dc, long tempKey) {
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

    /** Waits until the DC has bound a key other than {@code first} to the client's permanent key and it is connected. */
    private static void awaitNewKey(TelegramClient client, long first) throws InterruptedException {
        await(
                () -> cluster.boundTempKey(1, client.authKeyId().orElseThrow())
                                .filter(k -> k != first)
                                .isPresent()
                        && connected(client),
                "a new key bound and its session connected");
    }

    private static boolean connected(TelegramClient client) {
        return ClientAccess.session(client).map(Session::connected).orElse(false);
    }

    private static List<ReceivedRequest> drainRequests(TestDc dc) {
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

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
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
