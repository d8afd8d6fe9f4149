package io.mtj.testdc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.mtproto.DestroySession;
import io.mtj.api.mtproto.DestroySessionOk;
import io.mtj.api.mtproto.DestroySessionResType;
import io.mtj.api.telegram.ApiLayer;
import io.mtj.api.telegram.HelpGetNearestDc;
import io.mtj.api.telegram.InitConnection;
import io.mtj.api.telegram.InvokeWithLayer;
import io.mtj.api.telegram.NearestDc;
import io.mtj.core.ClientConfig;
import io.mtj.core.DeviceInfo;
import io.mtj.core.SessionOptions;
import io.mtj.core.TelegramClient;
import io.mtj.core.session.ClientAccess;
import io.mtj.core.session.Session;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.InitConnectionInfo;
import io.mtj.testdc.ReceivedRequest;
import io.mtj.testdc.TestDc;
import io.mtj.transport.Endpoint;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Containers, gzip, destroy_session and JFR events, client against the test DC. */
class SessionFeaturesTest {
    private static RsaKeyPair rsa;

    @BeforeAll
    static void key() throws Exception {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(99);
        rsa = RsaKeyPair.generate2048(seeded);
    }

    private static ClientConfig.Builder config(TestDc dc) {
        return ClientConfig.builder(777, "hash")
                .endpoint(Endpoint.of("127.0.0.1", dc.port(), dc.dcId()))
                .serverKeys(List.of(dc.publicKey()))
                .callTimeout(Duration.ofSeconds(10))
                .sessionOptions(SessionOptions.defaults().withPingInterval(Duration.ZERO));
    }

    @Test
    void severalCallsInOneContainerAreAllAnswered() throws Exception {
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client = new TelegramClient(config(dc).build())) {
            client.connect();
            Session session = ClientAccess.session(client).orElseThrow();
            List<CompletableFuture<?>> answers =
                    session.invokeAll(List.of(new HelpGetNearestDc(), new HelpGetNearestDc(), new HelpGetNearestDc()));
            for (CompletableFuture<?> f : answers) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isInstanceOf(NearestDc.class);
            }
            assertThat(session.pendingCount()).isZero();
        }
    }

    /**
     * A dependent stage that blocks on a second call of the same session: completed on the reader thread, it would
     * stop the reader from ever reading the second answer, until the call timeout.
     */
    @Test
    void aCallbackMayBlockOnAnotherCallOfTheSameSession() throws Exception {
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client = new TelegramClient(config(dc).build())) {
            client.connect();
            // the first answer is held back so that the dependent stage is attached before it completes
            dc.faults().stall(Duration.ofMillis(500));
            CompletableFuture<String> chained = client.invoke(new HelpGetNearestDc())
                    .thenApply(first -> {
                        try {
                            NearestDc second = client.invokeBlocking(new HelpGetNearestDc());
                            return Thread.currentThread().getName() + " then dc " + second.thisDc();
                        } catch (Exception e) {
                            throw new java.util.concurrent.CompletionException(e);
                        }
                    });
            // well inside the 10 s call timeout that a blocked reader would end in
            assertThat(chained.get(5, TimeUnit.SECONDS))
                    .isEqualTo("mtj-completion then dc " + dc.dcId())
                    .doesNotStartWith("mtj-reader");
        }
    }

    /** invoke() too has the call timeout: a server that never answers leaves no call pending. */
    @Test
    void anUnansweredAsyncCallFailsAtTheCallTimeoutAndIsDropped() throws Exception {
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client = new TelegramClient(
                        config(dc).callTimeout(Duration.ofMillis(400)).build())) {
            client.connect();
            Session session = ClientAccess.session(client).orElseThrow();
            dc.faults().stall(Duration.ofMillis(1500));
            long start = System.nanoTime();
            CompletableFuture<NearestDc> call = client.invoke(new HelpGetNearestDc());
            // the timeout's stages run where every completion runs, never on the library's one timer thread
            CompletableFuture<String> stageThread =
                    call.handle((value, error) -> Thread.currentThread().getName());
            assertThat(call)
                    .failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause()
                    .isInstanceOf(java.net.SocketTimeoutException.class)
                    .withMessage("HelpGetNearestDc got no answer within 400 ms");
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(350L, 1400L);
            assertThat(stageThread.get(5, TimeUnit.SECONDS)).isEqualTo("mtj-completion");
            assertThat(session.pendingCount()).isZero();
        }
    }

    @Test
    void largeRequestIsGzippedAndUnderstood() throws Exception {
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client = new TelegramClient(config(dc).build())) {
            client.connect();
            String model = "m".repeat(3000);
            NearestDc nearest = client.invokeBlocking(new InvokeWithLayer<>(
                    ApiLayer.LAYER,
                    new InitConnection<>(777, model, "s", "a", "en", "", "en", null, null, new HelpGetNearestDc())));
            assertThat(nearest.thisDc()).isEqualTo(2);
            ReceivedRequest seen = null;
            for (int i = 0; i < 10; i++) {
                ReceivedRequest r = dc.takeRequest(Duration.ofSeconds(5));
                if (r == null) {
                    break;
                }
                if (r.constructorId() == HelpGetNearestDc.ID && r.init() != null) {
                    seen = r;
                    break;
                }
            }
            ReceivedRequest found = Objects.requireNonNull(seen, "the DC recorded no help.getNearestDc with init");
            InitConnectionInfo info = Objects.requireNonNull(found.init(), "initConnection fields");
            assertThat(info.deviceModel()).isEqualTo(model);
        }
    }

    @Test
    void destroySessionOfAnotherSessionOnTheSameKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.mtj");
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient first =
                        new TelegramClient(config(dc).sessionFile(file).build())) {
            first.connect();
            long firstSession = ClientAccess.session(first).orElseThrow().sessionId();
            try (TelegramClient second =
                    new TelegramClient(config(dc).sessionFile(file).build())) {
                second.connect();
                assertThat(second.authKeyId()).isEqualTo(first.authKeyId());
                DestroySessionResType res = second.invokeBlocking(new DestroySession(firstSession));
                assertThat(res).isEqualTo(new DestroySessionOk(firstSession));
            }
            assertThat(dc.authKeysCreated()).isEqualTo(1);
        }
    }

    @Test
    void everyConnectionStepIsAJfrEventInCategoryMtj(@TempDir Path dir) throws Exception {
        Path dump = dir.resolve("mtj.jfr");
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                Recording recording = new Recording()) {
            for (String name : List.of(
                    "io.mtj.DialEvent",
                    "io.mtj.TransportEvent",
                    "io.mtj.KeyExchangeStepEvent",
                    "io.mtj.AuthKeyEvent",
                    "io.mtj.SessionEvent",
                    "io.mtj.InitConnectionEvent",
                    "io.mtj.ClosedEvent")) {
                recording.enable(name).withThreshold(Duration.ZERO);
            }
            recording.start();
            try (TelegramClient client = new TelegramClient(config(dc)
                    .device(new DeviceInfo("jfr", "test", "1", "en", "", "en"))
                    .build())) {
                client.connect();
            }
            recording.stop();
            recording.dump(dump);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(dump);
        Set<String> names = events.stream().map(e -> e.getEventType().getName()).collect(Collectors.toSet());
        assertThat(names)
                .contains(
                        "io.mtj.DialEvent",
                        "io.mtj.TransportEvent",
                        "io.mtj.KeyExchangeStepEvent",
                        "io.mtj.AuthKeyEvent",
                        "io.mtj.SessionEvent",
                        "io.mtj.InitConnectionEvent",
                        "io.mtj.ClosedEvent");
        assertThat(events)
                .allSatisfy(e -> assertThat(e.getEventType().getCategoryNames()).containsExactly("MTJ"));
        assertThat(events.stream()
                        .filter(e -> e.getEventType().getName().equals("io.mtj.KeyExchangeStepEvent"))
                        .map(e -> e.getString("step")))
                .containsExactly("REQ_PQ", "REQ_DH_PARAMS", "SET_CLIENT_DH_PARAMS");
        assertThat(events.stream()
                        .filter(e -> e.getEventType().getName().equals("io.mtj.InitConnectionEvent"))
                        .map(e -> e.getInt("layer")))
                .containsExactly(229);
    }
}
