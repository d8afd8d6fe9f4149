package io.mtj.testdc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.api.telegram.HelpGetNearestDc;
import io.mtj.api.telegram.NearestDc;
import io.mtj.core.ClientClosedException;
import io.mtj.core.ClientConfig;
import io.mtj.core.ConnectionListener;
import io.mtj.core.ConnectionLostException;
import io.mtj.core.DeviceInfo;
import io.mtj.core.ReconnectPolicy;
import io.mtj.core.SessionOptions;
import io.mtj.core.TelegramClient;
import io.mtj.core.session.ClientAccess;
import io.mtj.core.session.Session;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.TestDc;
import io.mtj.transport.Endpoint;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client heals a lost connection by itself, as {@link ReconnectPolicy} describes. */
class ReconnectTest {
    private static final long BOUND_SECONDS = 10;

    @SuppressWarnings("NullAway.Init") // set in @BeforeAll
    private static RsaKeyPair rsa;

    @BeforeAll
    static void key() throws Exception {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(4242);
        rsa = RsaKeyPair.generate2048(seeded);
    }

    /** Records the reconnecting events: the attempt numbers, in order. */
    private static final class Attempts implements ConnectionListener {
        final List<Integer> attempts = new CopyOnWriteArrayList<>();

        @Override
        public void reconnecting(int attempt, @Nullable Throwable cause) {
            attempts.add(attempt);
        }
    }

    private static ClientConfig.Builder config(TestDc dc, ReconnectPolicy policy) {
        return ClientConfig.builder(12345, "0123456789abcdef0123456789abcdef")
                .endpoint(Endpoint.of("127.0.0.1", dc.port(), dc.dcId()))
                .serverKeys(List.of(dc.publicKey()))
                .device(new DeviceInfo("JUnit", "Reconnect 1.0", "9.9", "en", "", "en"))
                .connectTimeout(Duration.ofSeconds(2))
                .handshakeTimeout(Duration.ofSeconds(5))
                .callTimeout(Duration.ofSeconds(BOUND_SECONDS))
                .random(new SplittableRandom(7))
                .reconnect(policy)
                .sessionOptions(SessionOptions.defaults().withPingInterval(Duration.ZERO));
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
        return Failures.failureOf(future, BOUND_SECONDS);
    }

    /** Waits for the client's session to be on a live connection again. */
    private static Session awaitReconnected(TelegramClient client) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (System.nanoTime() < deadline) {
            Session s = ClientAccess.session(client).orElse(null);
            if (s != null && s.connected()) {
                return s;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not reconnected within " + BOUND_SECONDS + " s");
    }

    @Test
    void aLostConnectionHealsInTheBackgroundWithTheSameAuthKey() throws Exception {
        Attempts listener = new Attempts();
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client = new TelegramClient(
                        config(dc, new ReconnectPolicy(5, Duration.ofMillis(50), Duration.ofMillis(200)))
                                .listener(listener)
                                .build())) {
            client.connect();
            Session first = ClientAccess.session(client).orElseThrow();
            long sessionId = first.sessionId();
            long keyId = client.authKeyId().orElseThrow();
            dc.faults().transportErrorOnNextPacket(-429);
            // the call that met the error was in flight; the DC never processed it (msgs_state_info says so on the
            // next connection), so it is sent again and answered
            CompletableFuture<NearestDc> inFlight = client.invoke(new HelpGetNearestDc());
            assertThat(inFlight.get(BOUND_SECONDS, TimeUnit.SECONDS).thisDc()).isEqualTo(dc.dcId());

            // the same session (same session_id) is on a new connection
            Session second = awaitReconnected(client);
            assertThat(second).isSameAs(first);
            assertThat(second.sessionId()).isEqualTo(sessionId);
            assertThat(client.invokeBlocking(new HelpGetNearestDc()).thisDc()).isEqualTo(dc.dcId());
            assertThat(client.authKeyId()).hasValue(keyId);
            assertThat(dc.authKeysCreated()).isEqualTo(1);
            assertThat(listener.attempts).containsExactly(1);
        }
    }

    @Test
    void aCallMadeWhileReconnectingWaitsForTheNewConnection() throws Exception {
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client = new TelegramClient(
                        config(dc, new ReconnectPolicy(3, Duration.ofMillis(1000), Duration.ofMillis(1000)))
                                .build())) {
            client.connect();
            Session first = ClientAccess.session(client).orElseThrow();
            dc.faults().transportErrorNow(-429);
            assertThat(first.done().get(BOUND_SECONDS, TimeUnit.SECONDS)).isNotNull();

            // made after the loss, before the first attempt (500 to 1000 ms after it): it waits and is answered
            assertThat(ClientAccess.session(client).orElseThrow()).isSameAs(first);
            CompletableFuture<NearestDc> waiting = client.invoke(new HelpGetNearestDc());
            NearestDc answer = waiting.get(BOUND_SECONDS, TimeUnit.SECONDS);
            assertThat(answer.thisDc()).isEqualTo(dc.dcId());
            assertThat(ClientAccess.session(client).orElseThrow()).isSameAs(first);
            assertThat(first.connected()).isTrue();
            assertThat(dc.authKeysCreated()).isEqualTo(1);
        }
    }

    @Test
    void whenEveryAttemptFailsCallsFailNamingTheAttempts() throws Exception {
        Attempts listener = new Attempts();
        TestDc dc = TestDc.builder().rsaKey(rsa).build();
        try (TelegramClient client =
                new TelegramClient(config(dc, new ReconnectPolicy(2, Duration.ofMillis(20), Duration.ofMillis(40)))
                        .listener(listener)
                        .build())) {
            client.connect();
            dc.close(); // the DC is gone for good: every attempt is refused
            Session first = ClientAccess.session(client).orElseThrow();
            assertThat(first.done().get(BOUND_SECONDS, TimeUnit.SECONDS)).isNotNull();
            Throwable failure = failureOf(client.invoke(new HelpGetNearestDc()));
            assertThat(failure)
                    .isInstanceOf(ConnectionLostException.class)
                    .hasMessage(
                            "the connection was lost and 2 reconnect attempt(s) failed; call connect() to try again")
                    .cause()
                    .isInstanceOf(java.io.IOException.class);
            assertThat(((ConnectionLostException) failure).reconnectingGaveUp())
                    .as("typed: the client tried and gave up")
                    .isTrue();
            assertThat(listener.attempts).containsExactly(1, 2);
            // a call made after the session ended hears the same verdict, not a generic "lost"
            assertThat(first.isClosed()).isTrue();
            Throwable later = failureOf(client.invoke(new HelpGetNearestDc()));
            assertThat(later).isSameAs(failure);
        }
    }

    @Test
    void closingTheClientEndsAReconnectionAndTheCallsWaitingForIt() throws Exception {
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build()) {
            TelegramClient client =
                    new TelegramClient(config(dc, new ReconnectPolicy(1, Duration.ofSeconds(5), Duration.ofSeconds(5)))
                            .build());
            client.connect();
            Session first = ClientAccess.session(client).orElseThrow();
            dc.faults().transportErrorNow(-429);
            assertThat(first.done().get(BOUND_SECONDS, TimeUnit.SECONDS)).isNotNull();
            CompletableFuture<NearestDc> waiting = client.invoke(new HelpGetNearestDc());
            long start = System.nanoTime();
            client.close();
            assertThat(failureOf(waiting)).isInstanceOf(ClientClosedException.class);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2000L);
            // no connection was made after close
            Thread.sleep(200);
            assertThat(ClientAccess.session(client).orElseThrow()).isSameAs(first);
            assertThatThrownBy(() -> client.invokeBlocking(new HelpGetNearestDc()))
                    .isInstanceOf(ClientClosedException.class);
        }
    }

    /** A socket whose writes can be held, as when the peer stops reading and the send buffer is full. */
    private static final class HoldableSocket extends java.net.Socket {
        private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
        private volatile boolean holding;
        final java.util.concurrent.atomic.AtomicInteger writesHeld = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public java.io.OutputStream getOutputStream() throws java.io.IOException {
            java.io.OutputStream out = super.getOutputStream();
            return new java.io.FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws java.io.IOException {
                    if (holding) {
                        writesHeld.incrementAndGet();
                        try {
                            released.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        throw new java.net.SocketException("socket closed while a write was held");
                    }
                    out.write(b, off, len);
                }
            };
        }

        @Override
        public synchronized void close() throws java.io.IOException {
            released.countDown();
            super.close();
        }
    }

    /**
     * Calls still queued when the connection breaks were never sent, so the server cannot have run them: they go out
     * on the next connection and are answered; the call being written never reached the DC either (msgs_state_info
     * says "not received"), so it is re-sent under a new msg_id and answered too.
     */
    @Test
    void callsThatWereNeverSentGoOutAfterTheReconnection() throws Exception {
        List<HoldableSocket> sockets = new CopyOnWriteArrayList<>();
        io.mtj.transport.Dialer holdable = (target, timeout) -> {
            HoldableSocket socket = new HoldableSocket();
            socket.setTcpNoDelay(true);
            // dialers get the endpoint unresolved; here it is always a loopback literal
            socket.connect(
                    new java.net.InetSocketAddress(
                            java.net.InetAddress.getByName(target.getHostString()), target.getPort()),
                    (int) timeout.toMillis());
            sockets.add(socket);
            return socket;
        };
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client = new TelegramClient(
                        config(dc, new ReconnectPolicy(5, Duration.ofMillis(50), Duration.ofMillis(200)))
                                .dialer(holdable)
                                .build())) {
            client.connect();
            Session first = ClientAccess.session(client).orElseThrow();
            HoldableSocket socket = sockets.get(0);
            socket.holding = true;
            CompletableFuture<NearestDc> beingWritten = client.invoke(new HelpGetNearestDc());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
            while (socket.writesHeld.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(socket.writesHeld.get()).isEqualTo(1);
            CompletableFuture<NearestDc> queued1 = client.invoke(new HelpGetNearestDc());
            CompletableFuture<NearestDc> queued2 = client.invoke(new HelpGetNearestDc());
            dc.faults().transportErrorNow(-429);

            assertThat(beingWritten.get(BOUND_SECONDS, TimeUnit.SECONDS).thisDc())
                    .isEqualTo(dc.dcId());
            assertThat(queued1.get(BOUND_SECONDS, TimeUnit.SECONDS).thisDc()).isEqualTo(dc.dcId());
            assertThat(queued2.get(BOUND_SECONDS, TimeUnit.SECONDS).thisDc()).isEqualTo(dc.dcId());
            assertThat(ClientAccess.session(client).orElseThrow()).isSameAs(first);
            assertThat(sockets).hasSize(2);
            assertThat(dc.authKeysCreated()).isEqualTo(1);
        }
    }

    @Test
    void neverMeansTheCallerReconnects() throws Exception {
        try (TestDc dc = TestDc.builder().rsaKey(rsa).build();
                TelegramClient client =
                        new TelegramClient(config(dc, ReconnectPolicy.NEVER).build())) {
            client.connect();
            Session first = ClientAccess.session(client).orElseThrow();
            dc.faults().transportErrorNow(-429);
            assertThat(first.done().get(BOUND_SECONDS, TimeUnit.SECONDS)).isNotNull();
            Thread.sleep(300);
            assertThat(ClientAccess.session(client).orElseThrow()).isSameAs(first);
            Throwable failure = failureOf(client.invoke(new HelpGetNearestDc()));
            assertThat(failure)
                    .isInstanceOf(ConnectionLostException.class)
                    .hasMessageContaining("call connect() to reconnect");
            assertThat(((ConnectionLostException) failure).reconnectingGaveUp())
                    .as("typed: the client did not try")
                    .isFalse();
        }
    }
}
