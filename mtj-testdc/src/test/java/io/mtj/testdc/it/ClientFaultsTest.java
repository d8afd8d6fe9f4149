package io.mtj.testdc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.api.telegram.HelpGetNearestDc;
import io.mtj.api.telegram.NearestDc;
import io.mtj.core.ClientConfig;
import io.mtj.core.ConnectionLostException;
import io.mtj.core.DeviceInfo;
import io.mtj.core.ReconnectPolicy;
import io.mtj.core.SessionOptions;
import io.mtj.core.TelegramClient;
import io.mtj.core.session.ClientAccess;
import io.mtj.core.session.Session;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.ReceivedPing;
import io.mtj.testdc.ReceivedRequest;
import io.mtj.testdc.RpcAnswer;
import io.mtj.testdc.TestDc;
import io.mtj.transport.Endpoint;
import io.mtj.transport.TransportException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every test DC fault driven through the real {@link TelegramClient}: each is recovered or surfaces typed. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientFaultsTest {
    private static final long BOUND_SECONDS = 10;
    private static RsaKeyPair rsa;

    @BeforeAll
    static void key() throws Exception {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(2025);
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
                // these tests drive reconnection by hand; ReconnectTest covers the automatic one
                .reconnect(ReconnectPolicy.NEVER)
                .sessionOptions(SessionOptions.defaults().withPingInterval(Duration.ZERO));
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
        return Failures.failureOf(future, BOUND_SECONDS);
    }

    private static @Nullable TransportException transportCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TransportException te) {
                return te;
            }
        }
        return null;
    }

    private static ReceivedRequest takeNearestDc(TestDc dc) throws InterruptedException {
        for (int i = 0; i < 10; i++) {
            ReceivedRequest r = dc.takeRequest(Duration.ofSeconds(5));
            if (r == null) {
                break;
            }
            if (r.constructorId() == HelpGetNearestDc.ID) {
                return r;
            }
        }
        throw new AssertionError("the DC received no help.getNearestDc");
    }

    private static void assertWorks(TelegramClient client) throws Exception {
        assertThat(client.invokeBlocking(new HelpGetNearestDc()).thisDc()).isEqualTo(2);
    }

    @Test
    void transportErrorOnTheNextPacketFailsThePendingCallWithItsCode() throws Exception {
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client = new TelegramClient(config(dc).build())) {
            client.connect();
            Session first = ClientAccess.session(client).orElseThrow();
            dc.faults().transportErrorOnNextPacket(-429);
            CompletableFuture<NearestDc> pending = client.invoke(new HelpGetNearestDc());
            Throwable failure = failureOf(pending);
            assertThat(failure).isInstanceOf(ConnectionLostException.class);
            TransportException cause =
                    java.util.Objects.requireNonNull(transportCause(failure), "no TransportException");
            assertThat(cause.code()).isEqualTo(-429);
            Throwable ended = first.done().get(BOUND_SECONDS, TimeUnit.SECONDS);
            assertThat(ended).isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.code())
                    .isEqualTo(-429));
            assertThat(client.invoke(new HelpGetNearestDc()))
                    .failsWithin(Duration.ofSeconds(1))
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(ConnectionLostException.class);

            client.connect();
            assertThat(ClientAccess.session(client).orElseThrow()).isNotSameAs(first);
            assertWorks(client);
            assertThat(dc.authKeysCreated()).isEqualTo(1);
        }
    }

    @Test
    void transportError404DuringASessionSurfacesAsConnectionLostCarryingTheCode() throws Exception {
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client = new TelegramClient(config(dc).build())) {
            client.connect();
            long keyId = client.authKeyId().orElseThrow();
            dc.faults().stall(Duration.ofSeconds(30));
            CompletableFuture<NearestDc> pending = client.invoke(new HelpGetNearestDc());
            dc.faults().transportErrorNow(-404);
            Throwable failure = failureOf(pending);
            assertThat(failure).isInstanceOf(ConnectionLostException.class);
            TransportException cause =
                    java.util.Objects.requireNonNull(transportCause(failure), "no TransportException");
            assertThat(cause.code()).isEqualTo(-404);

            dc.faults().clear();
            client.connect();
            assertWorks(client);
            // the DC still knows the key, so the reconnect reuses it
            assertThat(client.authKeyId()).hasValue(keyId);
            assertThat(dc.authKeysCreated()).isEqualTo(1);
        }
    }

    @Test
    void connectionClosedInTheMiddleOfAnAnswerFailsThePendingCall() throws Exception {
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client = new TelegramClient(config(dc).build())) {
            client.connect();
            Session first = ClientAccess.session(client).orElseThrow();
            // 10 bytes: inside the first frame (4-byte length + at least 24 bytes of an encrypted packet)
            dc.faults().closeAfterBytes(10);
            CompletableFuture<NearestDc> pending = client.invoke(new HelpGetNearestDc());
            assertThat(failureOf(pending)).isInstanceOf(ConnectionLostException.class);
            assertThat(first.done().get(BOUND_SECONDS, TimeUnit.SECONDS)).isNotNull();

            dc.faults().clear();
            client.connect();
            assertWorks(client);
            assertThat(dc.authKeysCreated()).isEqualTo(1);
        }
    }

    @Test
    void stallLongerThanTheCallTimeoutTimesOutThenTheClientWorksAgain() throws Exception {
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client = new TelegramClient(
                        config(dc).callTimeout(Duration.ofMillis(500)).build())) {
            client.connect();
            Session session = ClientAccess.session(client).orElseThrow();
            dc.faults().stall(Duration.ofMillis(2500));
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.invokeBlocking(new HelpGetNearestDc()))
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessage("HelpGetNearestDc got no answer within 500 ms");
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(tookMillis).isBetween(450L, 2000L);

            // the stall ends; the connection was never closed, so the same session answers again
            Thread.sleep(2500 - tookMillis + 100);
            assertWorks(client);
            assertThat(ClientAccess.session(client).orElseThrow()).isSameAs(session);
            assertThat(session.done()).isNotDone();
            assertThat(session.pendingCount()).isZero();
        }
    }

    @Test
    void duplicatedAnswersAreDroppedAndTheResultArrivesOnce() throws Exception {
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client = new TelegramClient(config(dc).build())) {
            List<byte[]> updates = new CopyOnWriteArrayList<>();
            client.subscribeRawUpdates(updates::add);
            client.connect();
            Session session = ClientAccess.session(client).orElseThrow();
            dc.enqueue(HelpGetNearestDc.class, RpcAnswer.result(new NearestDc("DE", 2, 4)));
            dc.enqueue(HelpGetNearestDc.class, RpcAnswer.result(new NearestDc("FR", 2, 1)));
            dc.faults().duplicate(5);
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            CompletableFuture<NearestDc> first = client.invoke(new HelpGetNearestDc());
            first.whenComplete((v, e) -> {
                if (e != null) {
                    failures.add(e);
                }
            });
            assertThat(first.get(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo(new NearestDc("DE", 2, 4));
            assertThat(client.invokeBlocking(new HelpGetNearestDc())).isEqualTo(new NearestDc("FR", 2, 1));
            assertWorks(client);
            assertThat(failures).isEmpty();
            assertThat(updates).isEmpty();
            assertThat(session.done()).isNotDone();
            assertThat(session.pendingCount()).isZero();
        }
    }

    @Test
    void reorderedAnswersStillReachTheirOwnCalls() throws Exception {
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client = new TelegramClient(config(dc).build())) {
            client.connect();
            // let the connect's acks and salt fetch settle so the reordered packets are the three answers
            assertWorks(client);
            takeNearestDc(dc);
            Thread.sleep(1200);
            List<NearestDc> answers =
                    List.of(new NearestDc("US", 2, 1), new NearestDc("NL", 2, 2), new NearestDc("SG", 2, 5));
            for (NearestDc answer : answers) {
                dc.enqueue(HelpGetNearestDc.class, RpcAnswer.result(answer));
            }
            dc.faults().reorder(3);
            List<CompletableFuture<NearestDc>> calls = new java.util.ArrayList<>();
            List<Integer> completed = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 3; i++) {
                int index = i;
                CompletableFuture<NearestDc> call = client.invoke(new HelpGetNearestDc());
                call.whenComplete((v, e) -> completed.add(index));
                calls.add(call);
                // one call per packet, so each answer is a packet of its own and the DC answers in call order
                takeNearestDc(dc);
            }
            // the DC holds the three answers and sends them last-first
            for (int i = 0; i < 3; i++) {
                assertThat(calls.get(i).get(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo(answers.get(i));
            }
            // answers left the DC last-first (a stray service packet may take one slot of the reorder window)
            assertThat(completed).hasSize(3);
            assertThat(completed.indexOf(1)).isLessThan(completed.indexOf(0));
            assertWorks(client);
            assertThat(ClientAccess.session(client).orElseThrow().done()).isNotDone();
        }
    }

    @Test
    void keepaliveSendsPingDelayDisconnectEveryInterval() throws Exception {
        Duration interval = Duration.ofMillis(300);
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client = new TelegramClient(config(dc)
                        .sessionOptions(SessionOptions.defaults().withPingInterval(interval))
                        .build())) {
            client.connect();
            long sessionId = ClientAccess.session(client).orElseThrow().sessionId();
            ReceivedPing first = java.util.Objects.requireNonNull(dc.takePing(Duration.ofSeconds(3)), "no ping");
            assertThat(first.disconnectDelay()).isEqualTo(75);
            assertThat(first.sessionId()).isEqualTo(sessionId);
            ReceivedPing second =
                    java.util.Objects.requireNonNull(dc.takePing(Duration.ofSeconds(3)), "no second ping");
            assertThat(second.pingId()).isNotEqualTo(first.pingId());
            long gapMillis = (second.receivedAtNanos() - first.receivedAtNanos()) / 1_000_000;
            // the writer checks the ping deadline at least once per ack delay (1 s)
            assertThat(gapMillis).isBetween(250L, 2000L);
            assertWorks(client);
            client.close();
            while (dc.takePing(Duration.ofMillis(300)) != null) {
                // pings already on the wire when the client closed
            }
            assertThat(dc.takePing(Duration.ofMillis(1500))).isNull();
        }
    }

    @Test
    void noKeepaliveWhenThePingIntervalIsZero() throws Exception {
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client = new TelegramClient(config(dc).build())) {
            client.connect();
            assertWorks(client);
            assertThat(dc.takePing(Duration.ofMillis(1500))).isNull();
        }
    }
}
