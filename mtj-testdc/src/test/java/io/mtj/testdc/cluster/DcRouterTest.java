package io.mtj.testdc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.api.telegram.HelpGetNearestDc;
import io.mtj.api.telegram.InputDocumentFileLocation;
import io.mtj.api.telegram.InputUserSelf;
import io.mtj.api.telegram.UploadFile;
import io.mtj.api.telegram.UploadGetFile;
import io.mtj.api.telegram.User;
import io.mtj.api.telegram.UsersGetUsers;
import io.mtj.core.ClientConfig;
import io.mtj.core.DeviceInfo;
import io.mtj.core.SessionOptions;
import io.mtj.core.dc.DcRouter;
import io.mtj.core.dc.DcSessionFile;
import io.mtj.core.dc.DcSessionStore;
import io.mtj.core.login.LoggedIn;
import io.mtj.core.login.Login;
import io.mtj.core.login.LoginCallbacks;
import io.mtj.core.login.LoginException;
import io.mtj.core.login.SentCode;
import io.mtj.core.storage.DcStatesFile;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.ReceivedRequest;
import io.mtj.testdc.TestCluster;
import io.mtj.testdc.TestDc;
import io.mtj.transport.Endpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client across DCs and the login flows against a three-DC cluster, always dialling DC 1 first. */
class DcRouterTest {
    private static TestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(12);
        cluster = TestCluster.builder()
                .dcs(3)
                .rsaKey(RsaKeyPair.generate2048(seeded))
                .bot(42, "SECRET", 3)
                .bot(43, "OTHER", 3)
                .bot(44, "THIRD", 2)
                .bot(45, "FILES", 3)
                .user("15550001", 2, "hunter2")
                .user("15550009", 3, null)
                .paymentRequired("15550003")
                .user("15550003", 1, null)
                .build();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    static ClientConfig base() {
        return base(cluster);
    }

    /** Settings for a client of {@code of} that dials its DC 1. */
    static ClientConfig base(TestCluster of) {
        return baseBuilder(of).build();
    }

    /** The builder of {@link #base(TestCluster)}, for a test that adds a route (a proxy, say). */
    static ClientConfig.Builder baseBuilder(TestCluster of) {
        return ClientConfig.builder(12345, "0123456789abcdef0123456789abcdef")
                .endpoint(Endpoint.of("127.0.0.1", of.dc(1).port(), 1))
                .serverKeys(List.of(of.dc(1).publicKey()))
                .device(new DeviceInfo("JUnit", "Loopback 1.0", "9.9", "en", "", "en"))
                .connectTimeout(Duration.ofSeconds(5))
                .handshakeTimeout(Duration.ofSeconds(20))
                .callTimeout(Duration.ofSeconds(30))
                .sessionOptions(SessionOptions.defaults().withPingInterval(Duration.ZERO));
    }

    private static Login login(DcRouter router) {
        return new Login(router, 12345, "0123456789abcdef0123456789abcdef", new SplittableRandom(9));
    }

    private static long self(DcRouter router, int dc) throws Exception {
        return ((User) router.invoke(dc, new UsersGetUsers(List.of(new InputUserSelf())))
                        .get(0))
                .id();
    }

    @Test
    void botDiallingDc1FollowsUserMigrateToDc3AndAuthorizesOtherDcsByExport() throws Exception {
        DcSessionStore store = DcSessionStore.inMemory();
        try (DcRouter router = DcRouter.open(base(), store)) {
            LoggedIn me = login(router).bot("42:SECRET");

            assertThat(me.describe()).isEqualTo("bot 42 on dc 3");
            assertThat(router.mainDc()).isEqualTo(3);
            assertThat(store.mainDc()).hasValue(3);
            assertThat(((User) router.invoke(new UsersGetUsers(List.of(new InputUserSelf())))
                                    .get(0))
                            .id())
                    .isEqualTo(42);
            assertThat(router.exportCount()).isZero();
            assertThat(self(router, 1)).isEqualTo(42);
            assertThat(self(router, 1)).isEqualTo(42);
            assertThat(router.exportCount()).isEqualTo(1);
            assertThat(self(router, 2)).isEqualTo(42);
            assertThat(router.exportCount()).isEqualTo(2);
        }
    }

    @Test
    void aFileOnDc2IsFetchedOverDc2sMediaOnlyAddressAfterFileMigrate() throws Exception {
        byte[] content = new byte[3000];
        new SplittableRandom(77).nextBytes(content);
        cluster.putDocument(2, 9001L, 55L, content);
        UploadGetFile get =
                new UploadGetFile(false, false, new InputDocumentFileLocation(9001L, 55L, new byte[0], ""), 0, 4096);
        try (DcRouter router = DcRouter.open(base(), DcSessionStore.inMemory())) {
            login(router).bot("45:FILES");
            assertThat(router.mainDc()).isEqualTo(3);

            UploadFile file = (UploadFile) router.invoke(router.mainDc(), DcRouter.Traffic.DOWNLOAD, get);

            assertThat(file.bytes()).isEqualTo(content);
            assertThat(router.mainDc()).isEqualTo(3);
            assertThat(router.exportCount()).isEqualTo(1);
            assertThat(cluster.accounts().dcsLoggedIn(45)).containsExactly(2, 3);
            TestDc media2 = java.util.Objects.requireNonNull(cluster.mediaDc(2));
            boolean servedByMedia = false;
            for (ReceivedRequest r = media2.takeRequest(Duration.ZERO);
                    r != null;
                    r = media2.takeRequest(Duration.ZERO)) {
                servedByMedia |= r.method() instanceof UploadGetFile;
            }
            assertThat(servedByMedia)
                    .as("dc 2's media-only address served upload.getFile")
                    .isTrue();
        }
    }

    @Test
    void concurrentCallsToANewDcShareOneExport() throws Exception {
        try (DcRouter router = DcRouter.open(base(), DcSessionStore.inMemory());
                var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            login(router).bot("43:OTHER");
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Long>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(threads.submit(() -> {
                    go.await();
                    return self(router, 2);
                }));
            }
            go.countDown();
            for (Future<Long> call : calls) {
                assertThat(call.get()).isEqualTo(43);
            }
            assertThat(router.exportCount()).isEqualTo(1);
        }
    }

    @Test
    void userWithTwoStepPasswordFollowsPhoneMigrateAndRetriesAWrongPassword() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        LoginCallbacks callbacks = new LoginCallbacks() {
            @Override
            public String code(SentCode.Sent sent, int attempt) {
                asked.add("code " + attempt + " via " + sent.via() + " length " + sent.length());
                return attempt == 1 ? "00000" : "12345";
            }

            @Override
            public String password(@Nullable String hint, int attempt) {
                asked.add("password " + attempt);
                return attempt == 1 ? "wrong" : "hunter2";
            }
        };
        try (DcRouter router = DcRouter.open(base(), DcSessionStore.inMemory())) {
            LoggedIn me = login(router).phone("15550001", callbacks);

            assertThat(me.describe()).startsWith("user ").endsWith(" on dc 2");
            assertThat(asked)
                    .containsExactly("code 1 via app length 5", "code 2 via app length 5", "password 1", "password 2");
            assertThat(self(router, 2)).isEqualTo(me.userId());
        }
    }

    @Test
    void concurrentCallsMigratedTogetherMoveTheMainDcOnceAndAllComplete() throws Exception {
        DcSessionStore store = DcSessionStore.inMemory();
        try (DcRouter router = DcRouter.open(base(), store);
                var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            router.invoke(new HelpGetNearestDc()); // dc 1 connected first, so the sends race on the migration
            CountDownLatch go = new CountDownLatch(1);
            List<Future<SentCode>> sends = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                sends.add(threads.submit(() -> {
                    go.await();
                    return login(router).sendCode("15550009");
                }));
            }
            go.countDown();
            for (Future<SentCode> send : sends) {
                assertThat(send.get()).isInstanceOf(SentCode.Sent.class);
            }
            assertThat(router.mainDc()).isEqualTo(3);
            assertThat(store.mainDc()).hasValue(3);
        }
    }

    @Test
    void paymentRequiredIsATypedState() throws Exception {
        try (DcRouter router = DcRouter.open(base(), DcSessionStore.inMemory())) {
            assertThat(login(router).sendCode("15550003")).isInstanceOf(SentCode.PaymentRequired.class);
            assertThatThrownBy(() -> login(router).phone("15550003", null))
                    .isInstanceOfSatisfying(LoginException.class, e -> {
                        assertThat(e.reason()).isEqualTo(LoginException.Reason.PAYMENT_REQUIRED);
                        assertThat(e.paymentRequired()).isNotNull();
                    });
        }
    }

    @Test
    void networkMigrateMovesTheMainDc() throws Exception {
        DcSessionStore store = DcSessionStore.inMemory();
        try (DcRouter router = DcRouter.open(base(), store)) {
            assertThat(router.invoke(new HelpGetNearestDc()).thisDc()).isEqualTo(1);
            cluster.networkMigrate(1, HelpGetNearestDc.class, 2);
            assertThat(router.invoke(new HelpGetNearestDc()).thisDc()).isEqualTo(2);
            assertThat(router.mainDc()).isEqualTo(2);
            assertThat(store.mainDc()).hasValue(2);
        }
    }

    @Test
    void oneSessionFileKeepsAKeyPerDcAndTheMainDcAcrossRestarts(@TempDir Path dir) throws Exception {
        Path session = dir.resolve("mtj.session");
        int keysBefore = keysCreated();
        try (DcRouter router = DcRouter.open(base(), new DcSessionFile(session))) {
            login(router).bot("44:THIRD");
            assertThat(self(router, 1)).isEqualTo(44);
            assertThat(self(router, 3)).isEqualTo(44);
        }
        assertThat(keysCreated() - keysBefore).isEqualTo(3);
        DcStatesFile.Contents saved =
                new DcStatesFile(session).read().orElseThrow().contents();
        assertThat(saved.states().keySet()).containsExactly(1, 2, 3);
        assertThat(saved.mainDc()).isEqualTo(2);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("mtj.session");
        }

        try (DcRouter again = DcRouter.open(base(), new DcSessionFile(session))) {
            assertThat(again.mainDc()).isEqualTo(2);
            // the stored keys are still logged in on the cluster: no login, no new key
            assertThat(((User) again.invoke(new UsersGetUsers(List.of(new InputUserSelf())))
                                    .get(0))
                            .id())
                    .isEqualTo(44);
            assertThat(self(again, 3)).isEqualTo(44);
        }
        assertThat(keysCreated() - keysBefore).isEqualTo(3);
    }

    @Test
    void aSingleDcSessionFileOfTheOlderLayoutIsReadAsItsDcsKey(@TempDir Path dir) throws Exception {
        Path session = dir.resolve("old.session");
        int keysBefore = keysCreated();
        try (var single = new io.mtj.core.TelegramClient(ClientConfigCopy.withSessionFile(base(), session))) {
            single.connect();
        }
        assertThat(keysCreated() - keysBefore).isEqualTo(1);
        DcSessionFile files = new DcSessionFile(session);
        assertThat(files.mainDc()).hasValue(1);
        try (DcRouter router = DcRouter.open(base(), files)) {
            assertThat(router.invoke(new HelpGetNearestDc()).thisDc()).isEqualTo(1);
        }
        assertThat(keysCreated() - keysBefore).isEqualTo(1);
    }

    private static int keysCreated() {
        int n = 0;
        for (int dc = 1; dc <= 3; dc++) {
            n += cluster.dc(dc).authKeysCreated();
        }
        return n;
    }

    /** The base configuration with a single-DC session file. */
    static final class ClientConfigCopy {
        static ClientConfig withSessionFile(ClientConfig base, Path file) {
            return ClientConfig.builder(base.apiId(), base.apiHash())
                    .endpoint(base.endpoint())
                    .serverKeys(base.serverKeys())
                    .device(base.device())
                    .callTimeout(base.callTimeout())
                    .sessionOptions(base.sessionOptions())
                    .sessionFile(file)
                    .build();
        }
    }
}
