package io.mtj.testdc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.api.telegram.HelpGetNearestDc;
import io.mtj.api.telegram.NearestDc;
import io.mtj.core.ClientConfig;
import io.mtj.core.ConnectionListener;
import io.mtj.core.DeviceInfo;
import io.mtj.core.KeyExchangeException;
import io.mtj.core.ReconnectPolicy;
import io.mtj.core.RpcException;
import io.mtj.core.SessionOptions;
import io.mtj.core.TelegramClient;
import io.mtj.core.session.ClientAccess;
import io.mtj.core.storage.SessionState;
import io.mtj.core.storage.SessionStore;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.InitConnectionInfo;
import io.mtj.testdc.ReceivedRequest;
import io.mtj.testdc.RpcAnswer;
import io.mtj.testdc.TestDc;
import io.mtj.transport.Endpoint;
import io.mtj.transport.Framing;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The mtj-core client against the local test DC over loopback TCP. */
class ClientFlowTest {
    private static RsaKeyPair rsa;

    @BeforeAll
    static void key() throws Exception {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(2024);
        rsa = RsaKeyPair.generate2048(seeded);
    }

    private static ClientConfig.Builder config(TestDc dc) {
        return ClientConfig.builder(12345, "0123456789abcdef0123456789abcdef")
                .endpoint(Endpoint.of("127.0.0.1", dc.port(), dc.dcId()))
                .serverKeys(List.of(dc.publicKey()))
                .device(new DeviceInfo("JUnit", "Loopback 1.0", "9.9", "en", "", "en"))
                .connectTimeout(Duration.ofSeconds(5))
                .handshakeTimeout(Duration.ofSeconds(20))
                .callTimeout(Duration.ofSeconds(10))
                .sessionOptions(SessionOptions.defaults().withPingInterval(Duration.ZERO));
    }

    /** Records the steps, in order. */
    static final class Steps implements ConnectionListener {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void dialed(String target, Duration took) {
            seen.add("dial");
        }

        @Override
        public void transportReady(String framing, boolean obfuscated, Duration took) {
            seen.add("transport " + framing + (obfuscated ? " obfuscated" : ""));
        }

        @Override
        public void dhStep(DhStep step, Duration took) {
            seen.add(step.name());
        }

        @Override
        public void authKeyReady(long authKeyId, boolean reused, Duration took) {
            seen.add(reused ? "stored key" : "new key");
        }

        @Override
        public void sessionStarted(long sessionId, Duration took) {
            seen.add("session");
        }

        @Override
        public void initialized(int layer, Duration took) {
            seen.add("init " + layer);
        }

        @Override
        public void closed(@Nullable Throwable cause) {
            seen.add(cause == null ? "closed" : "lost");
        }
    }

    @Test
    void connectRunsTheSixStepsAndReturnsTheConfig() throws Exception {
        Steps steps = new Steps();
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client =
                        new TelegramClient(config(dc).listener(steps).build())) {
            io.mtj.api.telegram.Config config = client.connect();
            assertThat(config.thisDc()).isEqualTo(2);
            assertThat(client.serverConfig()).isSameAs(config);
            assertThat(steps.seen)
                    .containsExactly(
                            "dial",
                            "transport INTERMEDIATE",
                            "REQ_PQ",
                            "REQ_DH_PARAMS",
                            "SET_CLIENT_DH_PARAMS",
                            "new key",
                            "session",
                            "init 229");
            ReceivedRequest init = takeRequest(dc, 0xc4f9186b);
            assertThat(init.layer()).isEqualTo(229);
            InitConnectionInfo info = java.util.Objects.requireNonNull(init.init(), "initConnection fields");
            assertThat(info.apiId()).isEqualTo(12345);
            assertThat(info.deviceModel()).isEqualTo("JUnit");
            assertThat(dc.authKeysCreated()).isEqualTo(1);
            assertThat(client.authKeyId()).isPresent();
        }
    }

    private static ReceivedRequest takeRequest(TestDc dc, int constructorId) throws InterruptedException {
        for (int i = 0; i < 10; i++) {
            ReceivedRequest r = dc.takeRequest(Duration.ofSeconds(5));
            if (r == null) {
                break;
            }
            if (r.constructorId() == constructorId) {
                return r;
            }
        }
        throw new AssertionError("the DC received no call 0x" + Integer.toHexString(constructorId));
    }

    @ParameterizedTest
    @CsvSource({
        "ABRIDGED,false",
        "PADDED_INTERMEDIATE,false",
        "FULL,false",
        "INTERMEDIATE,true",
        "ABRIDGED,true",
        "PADDED_INTERMEDIATE,true"
    })
    void everyFramingAndObfuscationConnects(Framing framing, boolean obfuscated) throws Exception {
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client = new TelegramClient(
                        config(dc).framing(framing).obfuscated(obfuscated).build())) {
            assertThat(client.connect().thisDc()).isEqualTo(2);
            NearestDc nearest = client.invokeBlocking(new HelpGetNearestDc());
            assertThat(nearest.thisDc()).isEqualTo(2);
        }
    }

    @Test
    void noSaveAskedForByTheSessionStartsOnceCloseHasBegun() throws Exception {
        HoldingStore store = new HoldingStore();
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client =
                        new TelegramClient(config(dc).sessionStore(store).build())) {
            client.connect();
            store.holdNextSave();
            dc.faults().badServerSalt(1);
            client.invokeBlocking(new HelpGetNearestDc()); // the new salt makes the session ask for a save
            assertThat(store.held.await(5, TimeUnit.SECONDS))
                    .as("a background save began")
                    .isTrue();
            dc.faults().badServerSalt(1);
            client.invokeBlocking(new HelpGetNearestDc()); // a second save, queued behind the held one

            Thread closer = Thread.ofVirtual().start(client::close);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (closer.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(closer.getState())
                    .as("close() waits for the save in progress")
                    .isEqualTo(Thread.State.WAITING);
            int before = store.started.get();
            store.release.countDown();
            assertThat(closer.join(Duration.ofSeconds(5))).isTrue();
            // the queued save must not run after close has begun: only close's own final save did
            assertThat(store.started.get() - before).isEqualTo(1);
            Thread.sleep(300);
            assertThat(store.started.get() - before)
                    .as("saves started after close returned")
                    .isEqualTo(1);
        }
    }

    /** A session store that can hold one save until released, and counts the saves that start. */
    static final class HoldingStore implements SessionStore {
        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger started = new AtomicInteger();
        private final AtomicBoolean holdNext = new AtomicBoolean();

        void holdNextSave() {
            holdNext.set(true);
        }

        @Override
        public Optional<SessionState> load() {
            return Optional.empty();
        }

        @Override
        public void save(SessionState state) throws IOException {
            started.incrementAndGet();
            if (holdNext.compareAndSet(true, false)) {
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while held");
                }
            }
        }

        @Override
        public void clear() {}
    }

    @Test
    void sessionFileIsReusedWithoutANewKeyExchange(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/session.mtj");
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build()) {
            long firstKeyId;
            try (TelegramClient client =
                    new TelegramClient(config(dc).sessionFile(file).build())) {
                client.connect();
                firstKeyId = client.authKeyId().orElseThrow();
            }
            assertThat(Files.exists(file)).isTrue();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            try (Stream s = new Stream(dir.resolve("sub"))) {
                assertThat(s.names()).containsExactly("session.mtj");
            }
            Steps steps = new Steps();
            try (TelegramClient again = new TelegramClient(
                    config(dc).sessionFile(file).listener(steps).build())) {
                again.connect();
                assertThat(again.authKeyId()).hasValue(firstKeyId);
                assertThat(steps.seen).contains("stored key").doesNotContain("REQ_PQ");
                assertThat(again.invokeBlocking(new HelpGetNearestDc()).thisDc())
                        .isEqualTo(2);
            }
            assertThat(dc.authKeysCreated()).isEqualTo(1);
        }
    }

    @Test
    void storedKeyUnknownToTheServerIsReplacedByANewExchange(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("session.mtj");
        long oldKey;
        try (TestDc first = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client =
                        new TelegramClient(config(first).sessionFile(file).build())) {
            client.connect();
            oldKey = client.authKeyId().orElseThrow();
        }
        try (TestDc fresh = TestDc.builder().rsaKey(rsa).build()) {
            Steps steps = new Steps();
            try (TelegramClient client = new TelegramClient(
                    config(fresh).sessionFile(file).listener(steps).build())) {
                assertThat(client.connect().thisDc()).isEqualTo(2);
                assertThat(client.authKeyId().orElseThrow()).isNotEqualTo(oldKey);
                assertThat(steps.seen).containsSubsequence("stored key", "REQ_PQ", "new key", "init 229");
            }
            assertThat(fresh.authKeysCreated()).isEqualTo(1);
        }
    }

    /** Lists a directory's file names (sorted), closing the stream. */
    record Stream(Path dir) implements AutoCloseable {
        List<String> names() throws java.io.IOException {
            try (var files = Files.list(dir)) {
                return files.map(p -> p.getFileName().toString()).sorted().toList();
            }
        }

        @Override
        public void close() {}
    }

    @Test
    void rpcErrorReachesTheCallerParsed() throws Exception {
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client = new TelegramClient(config(dc).build())) {
            client.connect();
            dc.enqueue(HelpGetNearestDc.class, RpcAnswer.error(420, "FLOOD_WAIT_3"));
            assertThatThrownBy(() -> client.invokeBlocking(new HelpGetNearestDc()))
                    .isInstanceOfSatisfying(RpcException.class, e -> {
                        assertThat(e.code()).isEqualTo(420);
                        assertThat(e.floodWaitSeconds()).hasValue(3);
                    });
        }
    }

    @Test
    void badServerSaltIsRepairedTransparently() throws Exception {
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client = new TelegramClient(config(dc).build())) {
            client.connect();
            long before = ClientAccess.session(client).orElseThrow().serverSalt();
            dc.faults().badServerSalt(2);
            assertThat(client.invokeBlocking(new HelpGetNearestDc()).thisDc()).isEqualTo(2);
            assertThat(ClientAccess.session(client).orElseThrow().serverSalt()).isNotEqualTo(before);
        }
    }

    @Test
    void skewedServerClockIsCorrectedByBadMsgNotification() throws Exception {
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client = new TelegramClient(config(dc).build())) {
            client.connect();
            long offsetBefore =
                    ClientAccess.session(client).orElseThrow().msgIds().offsetMillis();
            dc.faults().skewClock(Duration.ofMinutes(10));
            assertThat(client.invokeBlocking(new HelpGetNearestDc()).thisDc()).isEqualTo(2);
            long offsetAfter =
                    ClientAccess.session(client).orElseThrow().msgIds().offsetMillis();
            assertThat(offsetAfter - offsetBefore).isBetween(590_000L, 610_000L);
        }
    }

    @Test
    void untrustedServerKeyAbortsTheExchange() throws Exception {
        RsaKeyPair other = RsaKeyPair.generate2048();
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client = new TelegramClient(ClientConfig.builder(1, "x")
                        .endpoint(Endpoint.of("127.0.0.1", dc.port(), 2))
                        .serverKeys(List.of(other.publicKey()))
                        .build())) {
            assertThatThrownBy(client::connect)
                    .isInstanceOfSatisfying(KeyExchangeException.class, e -> assertThat(e.failure())
                            .isEqualTo(KeyExchangeException.Failure.NO_TRUSTED_KEY));
            assertThat(ClientAccess.session(client)).isEmpty();
        }
    }

    @Test
    void connectionLossFailsPendingCallsAndConnectReconnects() throws Exception {
        Steps steps = new Steps();
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client = new TelegramClient(config(dc)
                        .listener(steps)
                        .reconnect(ReconnectPolicy.NEVER)
                        .build())) {
            client.connect();
            dc.faults().stall(Duration.ofSeconds(30));
            var pending = client.invoke(new HelpGetNearestDc());
            dc.faults().transportErrorNow(-429);
            assertThatThrownBy(() -> pending.get(10, java.util.concurrent.TimeUnit.SECONDS))
                    .hasCauseInstanceOf(io.mtj.core.ConnectionLostException.class);
            assertThat(ClientAccess.session(client).orElseThrow().done().get(10, java.util.concurrent.TimeUnit.SECONDS))
                    .isNotNull();
            assertThatThrownBy(() -> client.invokeBlocking(new HelpGetNearestDc()))
                    .isInstanceOf(io.mtj.core.ConnectionLostException.class)
                    .hasMessageContaining("call connect() to reconnect");
            dc.faults().clear();
            client.connect();
            assertThat(client.invokeBlocking(new HelpGetNearestDc()).thisDc()).isEqualTo(2);
            assertThat(steps.seen).contains("lost");
            assertThat(dc.authKeysCreated()).isEqualTo(1);
        }
    }

    /** The client's unencrypted handshake packets (intermediate framing) from the recorded bytes. */
    private static List<String> plainPackets(byte[] stream) {
        ByteBuffer in = ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(in.getInt()).isEqualTo(0xeeeeeeee);
        List<String> out = new java.util.ArrayList<>();
        while (in.remaining() >= 4) {
            int len = in.getInt();
            byte[] packet = new byte[len];
            in.get(packet);
            if (ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN).getLong(0) != 0) {
                break;
            }
            out.add(HexFormat.of().formatHex(packet));
        }
        return out;
    }

    private static byte[] recordHandshake() throws Exception {
        Instant t = Instant.parse("2026-06-01T12:00:00Z");
        try (TestDc dc = TestDc.builder()
                        .rsaKey(rsa)
                        .clock(InstantSource.fixed(t))
                        .random(new SplittableRandom(17))
                        .build();
                RecordingRelay relay = new RecordingRelay(dc.address());
                TelegramClient client = new TelegramClient(config(dc)
                        .endpoint(Endpoint.of("127.0.0.1", relay.port(), 2))
                        .clock(InstantSource.fixed(t))
                        .random(new SplittableRandom(42))
                        .build())) {
            client.connect();
            client.close();
            return relay.recorded();
        }
    }

    @Test
    void fixedClockAndRandomnessReproduceTheHandshakeBytes() throws Exception {
        List<String> first = plainPackets(recordHandshake());
        List<String> second = plainPackets(recordHandshake());
        assertThat(first).hasSize(3);
        assertThat(second).isEqualTo(first);
        // auth_key_id 0, then msg_id, then length 0x14 and req_pq_multi#be7e8ef1
        assertThat(first.get(0)).startsWith("0000000000000000").contains("14000000f18e7ebe");
    }
}
