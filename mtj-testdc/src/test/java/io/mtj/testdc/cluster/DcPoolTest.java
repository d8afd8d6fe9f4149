package io.mtj.testdc.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.telegram.AuthImportBotAuthorization;
import io.mtj.api.telegram.HelpGetNearestDc;
import io.mtj.api.telegram.InputDocumentFileLocation;
import io.mtj.api.telegram.InputFile;
import io.mtj.api.telegram.NearestDc;
import io.mtj.api.telegram.UploadGetFile;
import io.mtj.core.dc.DcRouter;
import io.mtj.core.dc.DcSessionStore;
import io.mtj.core.dc.PoolSizes;
import io.mtj.core.files.FileDownloader;
import io.mtj.core.files.FileUploader;
import io.mtj.core.login.Login;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.CallEffect;
import io.mtj.testdc.Executions;
import io.mtj.testdc.ReceivedRequest;
import io.mtj.testdc.TestCluster;
import io.mtj.testdc.TestDc;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A router's connection pools per DC and file traffic over them, counted at the DC; re-routed calls counted there. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DcPoolTest {
    private static TestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(31);
        cluster = TestCluster.builder()
                .dcs(3)
                .rsaKey(RsaKeyPair.generate2048(seeded))
                .bot(46, "POOL", 3)
                .bot(47, "MOVED", 3)
                .bot(48, "LOST", 3)
                .build();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static Login login(DcRouter router) {
        return new Login(router, 12345, "0123456789abcdef0123456789abcdef", new SplittableRandom(5));
    }

    private static TestDc media(int dc) {
        return Objects.requireNonNull(cluster.mediaDc(dc));
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    /** Waits (bounded) until the DC holds {@code expected} open connections; false if it never did. */
    private static boolean awaitConnections(IntSupplier open, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (open.getAsInt() != expected) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private static Set<Long> sessionsThatServed(TestDc dc, Class<?> method) throws InterruptedException {
        Set<Long> sessions = new HashSet<>();
        for (ReceivedRequest r = dc.takeRequest(Duration.ZERO); r != null; r = dc.takeRequest(Duration.ZERO)) {
            if (method.isInstance(r.method())) {
                sessions.add(r.sessionId());
            }
        }
        return sessions;
    }

    @Test
    void filePartsSpreadOverConnectionsOpenedOnlyAsTrafficNeedsThemAndClosedWithTheRouter() throws Exception {
        byte[] small = random(100_000, 1);
        byte[] large = random(5 * 1024 * 1024 + 7, 2);
        cluster.putDocument(3, 7001L, 1L, small);
        cluster.putDocument(3, 7002L, 2L, large);
        assertThat(awaitConnections(media(3)::connectionCount, 0)).isTrue();
        try (DcRouter router =
                DcRouter.open(DcRouterTest.base(cluster), DcSessionStore.inMemory(), new PoolSizes(1, 3, 4, 4))) {
            login(router).bot("46:POOL");
            assertThat(router.mainDc()).isEqualTo(3);
            assertThat(router.connections(3, DcRouter.Traffic.DOWNLOAD)).isZero();
            assertThat(media(3).connectionCount()).isZero();
            sessionsThatServed(media(3), UploadGetFile.class); // drop what came before

            // one part: one connection, though the pool may open three
            ByteArrayOutputStream one = new ByteArrayOutputStream();
            new FileDownloader(router.fileCallers(3, DcRouter.Traffic.DOWNLOAD), 1)
                    .download(
                            new InputDocumentFileLocation(7001L, 1L, new byte[0], ""), small.length, one, (d, t) -> {});
            assertThat(one.toByteArray()).isEqualTo(small);
            assertThat(router.connections(3, DcRouter.Traffic.DOWNLOAD)).isEqualTo(1);
            assertThat(media(3).connectionCount()).isEqualTo(1);

            // six parts, one in flight per connection: all three connections carry parts
            ByteArrayOutputStream six = new ByteArrayOutputStream();
            new FileDownloader(router.fileCallers(3, DcRouter.Traffic.DOWNLOAD), 1)
                    .download(
                            new InputDocumentFileLocation(7002L, 2L, new byte[0], ""), large.length, six, (d, t) -> {});
            assertThat(six.toByteArray()).isEqualTo(large);
            assertThat(router.connections(3, DcRouter.Traffic.DOWNLOAD)).isEqualTo(3);
            assertThat(media(3).connectionCount()).isEqualTo(3);
            assertThat(sessionsThatServed(media(3), UploadGetFile.class)).hasSize(3);

            // seven parts of 512 KiB, 1 MiB in flight per connection: the four upload connections all open
            byte[] file = random(3 * 1024 * 1024 + 1, 3);
            InputFile uploaded = (InputFile) new FileUploader(
                            router.fileCallers(3, DcRouter.Traffic.UPLOAD),
                            FileUploader.DEFAULT_BYTES_IN_FLIGHT,
                            new SplittableRandom(4))
                    .upload(new ByteArrayInputStream(file), file.length, "up.bin", (d, t) -> {});
            assertThat(cluster.dc(3).files().uploaded(uploaded.id())).isEqualTo(file);
            assertThat(router.connections(3, DcRouter.Traffic.UPLOAD)).isEqualTo(4);
            assertThat(media(3).connectionCount()).isEqualTo(3 + 4);
            assertThat(router.connections(3, DcRouter.Traffic.MAIN)).isEqualTo(1);
            assertThat(cluster.dc(3).connectionCount()).isEqualTo(1);
        }
        assertThat(awaitConnections(media(3)::connectionCount, 0))
                .as("every pooled connection closed with the router")
                .isTrue();
    }

    @Test
    void aCallMigratedToAnotherDcRunsThereOnceAndIsOnlyRefusedOnTheFirst() throws Exception {
        byte[] doc = random(3 * 1024 * 1024 + 3, 6);
        cluster.putDocument(2, 7003L, 3L, doc);
        List<TestDc> dcs = List.of(cluster.dc(1), cluster.dc(2), cluster.dc(3), media(1), media(2), media(3));
        for (TestDc dc : dcs) {
            dc.executions().identity(r -> switch (r.method()) {
                case AuthImportBotAuthorization bot -> "import " + bot.botAuthToken();
                case UploadGetFile get -> "part at " + get.offset();
                case null, default -> Executions.messageKey(r);
            });
        }
        try (DcRouter router =
                DcRouter.open(DcRouterTest.base(cluster), DcSessionStore.inMemory(), new PoolSizes(1, 2, 2, 2))) {
            // USER_MIGRATE: dialled dc 1 refuses the bot's login, dc 3 runs it once
            login(router).bot("47:MOVED");
            assertThat(cluster.dc(1).executions().count("import 47:MOVED")).isEqualTo(1);
            assertThat(cluster.dc(3).executions().count("import 47:MOVED")).isEqualTo(1);
            assertThat(cluster.accounts().dcsLoggedIn(47)).containsExactly(3);

            // FILE_MIGRATE: asked on dc 3 (whose media address refuses each part), fetched on dc 2 once per part
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new FileDownloader(router.fileCallers(3, DcRouter.Traffic.DOWNLOAD), 2)
                    .download(new InputDocumentFileLocation(7003L, 3L, new byte[0], ""), doc.length, out, (d, t) -> {});
            assertThat(out.toByteArray()).isEqualTo(doc);
            for (long offset = 0; offset < doc.length; offset += FileDownloader.PART_SIZE) {
                assertThat(media(3).executions().count("part at " + offset))
                        .as("dc 3 answered part at %d with FILE_MIGRATE_2 once", offset)
                        .isEqualTo(1);
                assertThat(media(2).executions().count("part at " + offset))
                        .as("dc 2 ran part at %d once", offset)
                        .isEqualTo(1);
                assertThat(cluster.dc(2).executions().count("part at " + offset))
                        .isZero();
            }
            assertThat(router.connections(2, DcRouter.Traffic.DOWNLOAD)).isEqualTo(2);
        } finally {
            for (TestDc dc : dcs) {
                assertThat(dc.executions().executedMoreThanOnce()).isZero();
                dc.executions().identity(Executions::messageKey);
            }
        }
    }

    @Test
    void aMemberThatLosesItsConnectionRecoversItsOwnPartsEachRunOnce() throws Exception {
        byte[] doc = random(4 * 1024 * 1024, 9);
        cluster.putDocument(3, 7004L, 4L, doc);
        long second = FileDownloader.PART_SIZE;
        long third = 2L * FileDownloader.PART_SIZE;
        media(3).executions()
                .identity(r -> r.method() instanceof UploadGetFile get
                                && get.location() instanceof InputDocumentFileLocation loc
                                && loc.id() == 7004L
                        ? "part at " + get.offset()
                        : Executions.messageKey(r));
        try (DcRouter router =
                DcRouter.open(DcRouterTest.base(cluster), DcSessionStore.inMemory(), new PoolSizes(1, 2, 2, 2))) {
            login(router).bot("48:LOST");
            // one part is answered only on its connection's next life, another never reached the DC before the close
            media(3).faults()
                    .onCall(
                            r -> r.method() instanceof UploadGetFile g && g.offset() == second,
                            CallEffect.closeAfterAck())
                    .onCall(
                            r -> r.method() instanceof UploadGetFile g && g.offset() == third,
                            CallEffect.closeBeforeExecuting());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new FileDownloader(router.fileCallers(3, DcRouter.Traffic.DOWNLOAD), 2)
                    .download(new InputDocumentFileLocation(7004L, 4L, new byte[0], ""), doc.length, out, (d, t) -> {});

            assertThat(out.toByteArray()).isEqualTo(doc);
            assertThat(media(3).faults().pendingEffects()).isZero();
            for (long offset = 0; offset < doc.length; offset += FileDownloader.PART_SIZE) {
                assertThat(media(3).executions().count("part at " + offset))
                        .as("part at %d", offset)
                        .isEqualTo(1);
            }
            assertThat(router.connections(3, DcRouter.Traffic.DOWNLOAD))
                    .as("the members reconnected; none was replaced")
                    .isEqualTo(2);
        } finally {
            media(3).faults().clear();
            media(3).executions().identity(Executions::messageKey);
        }
    }

    @Test
    void callsGoToAnIdleMemberFirstAndTheBusyPoolGrowsOneMemberPerWaitingCallUpToItsSize() throws Exception {
        CountDownLatch together = new CountDownLatch(3);
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean hold = new java.util.concurrent.atomic.AtomicBoolean();
        media(1).handle(HelpGetNearestDc.class, m -> {
            runs.incrementAndGet();
            if (hold.get()) {
                together.countDown();
                try {
                    together.await(30, TimeUnit.SECONDS); // answered only once three calls wait at once
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new NearestDc("ZZ", 1, 1);
        });
        try (DcRouter router = DcRouter.open(
                        DcRouterTest.base(cluster), DcSessionStore.inMemory(), new PoolSizes(1, 3, 1, 1));
                var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 4; i++) {
                assertThat(router.invoke(1, DcRouter.Traffic.DOWNLOAD, new HelpGetNearestDc())
                                .country())
                        .isEqualTo("ZZ");
            }
            assertThat(router.connections(1, DcRouter.Traffic.DOWNLOAD))
                    .as("one call at a time keeps one connection")
                    .isEqualTo(1);

            hold.set(true);
            List<Future<NearestDc>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                calls.add(threads.submit(() -> router.invoke(1, DcRouter.Traffic.DOWNLOAD, new HelpGetNearestDc())));
            }
            for (Future<NearestDc> call : calls) {
                assertThat(call.get().country()).isEqualTo("ZZ");
            }
            assertThat(together.getCount()).isZero();
            assertThat(router.connections(1, DcRouter.Traffic.DOWNLOAD)).isEqualTo(3);
            assertThat(sessionsThatServed(media(1), HelpGetNearestDc.class)).hasSize(3);
            assertThat(runs.get()).isEqualTo(4 + 3);

            hold.set(false);
            for (int i = 0; i < 3; i++) {
                router.invoke(1, DcRouter.Traffic.DOWNLOAD, new HelpGetNearestDc());
            }
            assertThat(router.connections(1, DcRouter.Traffic.DOWNLOAD))
                    .as("never above its size")
                    .isEqualTo(3);
        } finally {
            hold.set(false);
        }
    }
}
