package io.mtj.transport.dial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.transport.FramedTransport;
import io.mtj.transport.Framing;
import io.mtj.transport.Scheduler;
import io.mtj.transport.SocketWire;
import io.mtj.transport.TransportOptions;
import io.mtj.transport.mtproxy.FakeTlsClient;
import io.mtj.transport.mtproxy.FakeTlsServer;
import io.mtj.transport.mtproxy.MtProxySecret;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The race over loopback candidates that refuse, black-hole (listen and never accept, so the
 * fake-TLS handshake never hears back), answer late, or answer. The transport step is the real
 * client transport with a fake-TLS layer: it completes only when the server has answered, so an
 * address that takes TCP connections and says nothing cannot win. "Late" servers wait for a latch the
 * test controls; the one bound on time is that a connect the race stopped ends within half of its
 * 20 s connect timeout.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DialRaceTest {
    private static final MtProxySecret SECRET =
            MtProxySecret.fakeTls(java.util.HexFormat.of().parseHex("0f0e0d0c0b0a09080706050403020100"), "race.test");

    // added to by the test servers' threads as well
    private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Events events = new Events();
    private final Cooldown cooldown = Cooldown.standard();
    private final List<FramedTransport> opened = new CopyOnWriteArrayList<>();
    /** Counted down when the transport step for an address (by key) has returned or thrown. */
    private final Map<String, CountDownLatch> connectEnded = new ConcurrentHashMap<>();

    @AfterEach
    void close() throws Exception {
        for (FramedTransport t : opened) {
            t.close();
        }
        for (AutoCloseable c : closeables) {
            c.close();
        }
        timer.shutdownNow();
    }

    /** Records the listener's calls as strings. */
    static final class Events implements DialRace.Listener {
        final List<String> seen = new CopyOnWriteArrayList<>();
        final CountDownLatch someoneWon = new CountDownLatch(1);

        @Override
        public void started(DcAddress address) {
            seen.add("started " + address.key());
        }

        @Override
        public void failed(DcAddress address, IOException cause, Duration took) {
            seen.add("failed " + address.key() + " " + cause.getClass().getSimpleName());
        }

        @Override
        public void won(DcAddress address, Duration took, int started) {
            seen.add("won " + address.key() + " of " + started);
            someoneWon.countDown();
        }
    }

    private DialRace race(Duration stagger) {
        return new DialRace(Scheduler.of(timer), stagger, cooldown, events);
    }

    private DialAttempt<FramedTransport> fakeTls() {
        DialAttempt<FramedTransport> inner = DialAttempt.transports(a -> TransportOptions.builder()
                .framing(Framing.PADDED_INTERMEDIATE)
                .proxySecret(SECRET.key())
                .layer(FakeTlsClient.of(SECRET))
                .connectTimeout(Duration.ofSeconds(20))
                .build());
        return new DialAttempt<>() {
            @Override
            public FramedTransport open(DcAddress address) throws IOException {
                FramedTransport t = inner.open(address);
                opened.add(t);
                return t;
            }

            @Override
            public void connect(FramedTransport handle, DcAddress address) throws IOException {
                try {
                    inner.connect(handle, address);
                } finally {
                    ended(address).countDown();
                }
            }

            @Override
            public void abort(FramedTransport handle) {
                inner.abort(handle);
            }
        };
    }

    /** A fake-TLS server answering each connection once {@code go} is released. */
    private DcAddress answering(String host, CountDownLatch go, CountDownLatch answered) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getByName(host), 0), 8);
        closeables.add(listener);
        FakeTlsServer server = FakeTlsServer.of(List.of(SECRET));
        Thread.ofVirtual().start(() -> {
            while (true) {
                Socket s;
                try {
                    s = listener.accept();
                } catch (IOException closed) {
                    return;
                }
                closeables.add(s);
                Thread.ofVirtual().start(() -> {
                    try {
                        SocketWire wire = new SocketWire(s, Duration.ofSeconds(5));
                        // closed with the test, so no server wire stays registered with the write watchdog
                        closeables.add(wire);
                        wire.readTimeout(Duration.ofSeconds(20));
                        go.await();
                        server.accept(wire);
                        answered.countDown();
                    } catch (IOException | InterruptedException ignored) {
                        // the client gave up: expected for losers
                    }
                });
            }
        });
        return DcAddress.of(2, host, listener.getLocalPort());
    }

    private DcAddress answering(String host) throws IOException {
        return answering(host, new CountDownLatch(0), new CountDownLatch(1));
    }

    /** Listens and never accepts: TCP completes in the kernel, nothing is ever said. */
    private DcAddress blackHole() throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        closeables.add(listener);
        return DcAddress.of(2, "127.0.0.1", listener.getLocalPort());
    }

    /**
     * Listens with a full accept queue and never accepts: the kernel drops a new connection's SYN, so a connect
     * waits for a SYN-ACK until its timeout, before the transport has any socket that closing it could close.
     */
    private DcAddress synHole() throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        closeables.add(listener);
        InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        for (int i = 0; i < 8; i++) {
            Socket filler = new Socket();
            closeables.add(filler);
            try {
                filler.connect(at, 300);
            } catch (SocketTimeoutException full) {
                return DcAddress.of(2, "127.0.0.1", listener.getLocalPort());
            }
        }
        throw new IllegalStateException("a listener with backlog 1 still took connections after 8 connects");
    }

    private CountDownLatch ended(DcAddress address) {
        return connectEnded.computeIfAbsent(address.key(), k -> new CountDownLatch(1));
    }

    private boolean connectEnds(DcAddress address) throws InterruptedException {
        return ended(address).await(10, TimeUnit.SECONDS);
    }

    /** A port nobody listens on: connection refused. */
    private static DcAddress refusing() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return DcAddress.of(2, "127.0.0.1", s.getLocalPort());
        }
    }

    @Test
    void aRefusedAddressStartsTheNextAtOnceAndIsCooledDown() throws Exception {
        DcAddress refused = refusing();
        DcAddress good = answering("127.0.0.1");
        // a long stagger: the second attempt can only start early because the first failed
        DialRace.Won<FramedTransport> won =
                race(Duration.ofSeconds(30)).run(List.of(refused, good), fakeTls(), Duration.ofSeconds(20));
        closeables.add(won.handle());
        assertThat(won.address()).isEqualTo(good);
        assertThat(won.failures()).singleElement().satisfies(f -> {
            assertThat(f.address()).isEqualTo(refused);
            assertThat(f.cause()).isInstanceOf(ConnectException.class);
        });
        assertThat(events.seen)
                .containsExactly(
                        "started " + refused.key(),
                        "failed " + refused.key() + " ConnectException",
                        "started " + good.key(),
                        "won " + good.key() + " of 2");
        assertThat(cooldown.coolingUntil(refused)).isPresent();
        assertThat(cooldown.coolingUntil(good)).isEmpty();
        assertThat(Candidates.order(List.of(refused, good), 2, false, Candidates.IpPreference.IPV4_FIRST, cooldown))
                .containsExactly(good, refused);
    }

    @Test
    void aBlackHoleIsOvertakenAfterTheStaggerAndAborted() throws Exception {
        DcAddress hole = blackHole();
        DcAddress good = answering("127.0.0.1");
        DialRace.Won<FramedTransport> won =
                race(Duration.ofMillis(100)).run(List.of(hole, good), fakeTls(), Duration.ofSeconds(20));
        closeables.add(won.handle());
        assertThat(won.address()).isEqualTo(good);
        assertThat(won.started()).isEqualTo(2);
        assertThat(won.failures()).isEmpty();
        assertThat(events.seen)
                .containsExactly("started " + hole.key(), "started " + good.key(), "won " + good.key() + " of 2");
        // the black hole's attempt was closed, and a send on it says so
        assertThat(opened).hasSize(2);
        assertThatThrownBy(() -> opened.get(0).send(new byte[16])).isInstanceOf(IOException.class);
        // being slower is not a failure
        assertThat(cooldown.coolingUntil(hole)).isEmpty();
    }

    @Test
    void aLoserStillWaitingForTcpIsStoppedWhenAnotherWins() throws Exception {
        DcAddress hole = synHole();
        DcAddress good = answering("127.0.0.1");
        DialRace.Won<FramedTransport> won =
                race(Duration.ofMillis(100)).run(List.of(hole, good), fakeTls(), Duration.ofSeconds(20));
        closeables.add(won.handle());
        assertThat(won.address()).isEqualTo(good);
        // left alone it would wait out its 20 s connect timeout, holding a socket and a thread
        assertThat(connectEnds(hole)).as("the losing connect ended within 10 s").isTrue();
        assertThat(events.seen)
                .containsExactly("started " + hole.key(), "started " + good.key(), "won " + good.key() + " of 2");
        assertThat(cooldown.coolingUntil(hole)).isEmpty();
    }

    @Test
    void aRaceThatTimesOutStopsTheTcpConnectsStillWaiting() throws Exception {
        DcAddress hole = synHole();
        assertThatThrownBy(() -> race(Duration.ofMillis(50)).run(List.of(hole), fakeTls(), Duration.ofMillis(300)))
                .isInstanceOf(DialFailedException.class)
                .hasMessageStartingWith("no address of 1 connected within 300 ms");
        assertThat(connectEnds(hole))
                .as("the connect ended within 10 s of the race's end")
                .isTrue();
        assertThat(events.seen).containsExactly("started " + hole.key());
    }

    @Test
    void aLateAnswerLosesToAnEarlierOneFromTheNextCandidate() throws Exception {
        // the first candidate's server answers only once the race has a winner: too late, whatever the load
        DcAddress late = answering("127.0.0.1", events.someoneWon, new CountDownLatch(1));
        DcAddress fast = answering("127.0.0.1");
        DialRace.Won<FramedTransport> won =
                race(Duration.ofMillis(50)).run(List.of(late, fast), fakeTls(), Duration.ofSeconds(20));
        closeables.add(won.handle());
        assertThat(won.address()).isEqualTo(fast);
        assertThat(won.started()).isEqualTo(2);
        assertThat(events.seen)
                .containsExactly("started " + late.key(), "started " + fast.key(), "won " + fast.key() + " of 2");
    }

    @Test
    void aLateAnswerWinsWhenNothingElseAnswers() throws Exception {
        CountDownLatch lateGo = new CountDownLatch(1);
        DcAddress late = answering("127.0.0.1", lateGo, new CountDownLatch(1));
        DcAddress refused = refusing();
        DcAddress hole = blackHole();
        Thread.ofVirtual().start(() -> {
            try {
                // answer once the two others have been tried
                while (events.seen.stream().filter(s -> s.startsWith("started")).count() < 3) {
                    Thread.sleep(10);
                }
                lateGo.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        DialRace.Won<FramedTransport> won =
                race(Duration.ofMillis(50)).run(List.of(late, refused, hole), fakeTls(), Duration.ofSeconds(20));
        closeables.add(won.handle());
        assertThat(won.address()).isEqualTo(late);
        assertThat(won.started()).isEqualTo(3);
        assertThat(won.failures()).extracting(DialRace.Failure::address).containsExactly(refused);
    }

    @Test
    void onlyBlackHolesEndInATimeoutNamingEachAddress() throws Exception {
        DcAddress a = blackHole();
        DcAddress b = blackHole();
        assertThatThrownBy(() -> race(Duration.ofMillis(50)).run(List.of(a, b), fakeTls(), Duration.ofMillis(500)))
                .isInstanceOfSatisfying(DialFailedException.class, e -> {
                    assertThat(e.failures())
                            .extracting(DialRace.Failure::address)
                            .containsExactlyInAnyOrder(a, b);
                    assertThat(e.getMessage())
                            .startsWith("no address of 2 connected within 500 ms: ")
                            .contains(a.key())
                            .contains(b.key());
                });
        assertThat(cooldown.coolingUntil(a)).isPresent();
        assertThat(cooldown.coolingUntil(b)).isPresent();
        for (FramedTransport t : opened) {
            assertThatThrownBy(() -> t.send(new byte[16])).isInstanceOf(IOException.class);
        }
    }

    @Test
    void everyAddressRefusingFailsWithEachCause() throws Exception {
        DcAddress a = refusing();
        DcAddress b = refusing();
        assertThatThrownBy(() -> race(Duration.ofSeconds(30)).run(List.of(a, b), fakeTls(), Duration.ofSeconds(20)))
                .isInstanceOfSatisfying(DialFailedException.class, e -> {
                    assertThat(e.getMessage()).startsWith("all 2 addresses failed: " + a.key() + " ConnectException");
                    assertThat(e.failures())
                            .allSatisfy(f -> assertThat(f.cause()).isInstanceOf(ConnectException.class));
                });
    }

    @Test
    void anIpv6CandidateWinsOverLoopbackWhenPreferred() throws Exception {
        DcAddress v6 = answering("::1");
        DcAddress v4 = blackHole();
        List<DcAddress> order =
                Candidates.order(List.of(v4, v6), 2, false, Candidates.IpPreference.IPV6_FIRST, cooldown);
        assertThat(order).containsExactly(v6, v4);
        DialRace.Won<FramedTransport> won = race(Duration.ofSeconds(30)).run(order, fakeTls(), Duration.ofSeconds(20));
        closeables.add(won.handle());
        assertThat(won.address()).isEqualTo(v6);
        assertThat(won.address().key()).startsWith("[::1]:");
        assertThat(won.started()).isEqualTo(1);
    }
}
