package io.mtj.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.transport.server.Accepted;
import io.mtj.transport.server.TransportAcceptor;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Client and server transports over loopback sockets: every framing, plain and obfuscated (with and
 * without an MTProxy secret), four payload sizes, quick ack on and off. The server echoes each
 * packet, preceded by a quick ack when asked.
 */
class LoopbackRoundTripTest {
    private static final byte[] SECRET = java.util.HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    private static LoopbackServer server;

    @BeforeAll
    static void start() throws IOException {
        TransportAcceptor acceptor = TransportAcceptor.builder()
                .secret(SECRET)
                .headerTimeout(Duration.ofSeconds(5))
                .maxFrame(2 << 20)
                .build();
        server = new LoopbackServer(acceptor, LoopbackRoundTripTest::echo);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        LoopbackServer.awaitWatchdogIdle();
    }

    /** Echoes until the client closes; the token is the payload's hash. */
    private static void echo(Accepted a) throws IOException {
        FramedTransport t = a.transport();
        while (true) {
            Frame f;
            try {
                f = t.receive();
            } catch (EndOfStream e) {
                return;
            }
            Frame.Packet p = (Frame.Packet) f;
            if (p.quickAckRequested()) {
                t.sendQuickAck(Arrays.hashCode(p.payload()));
            }
            t.send(p.payload());
        }
    }

    enum Mode {
        PLAIN,
        OBFUSCATED,
        MTPROXY_SECRET
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Framing f : Framing.values()) {
            if (f == Framing.HTTP) {
                continue; // HttpTransportTest
            }
            for (Mode m : Mode.values()) {
                if (f == Framing.FULL && m != Mode.PLAIN) {
                    continue;
                }
                for (int size : new int[] {4, 1024, 65536, 1 << 20}) {
                    for (boolean qa : new boolean[] {false, true}) {
                        out.add(Arguments.of(f, m, size, qa));
                    }
                }
            }
        }
        return out.stream();
    }

    /**
     * Padded intermediate carries MTProto packets only (the receiver strips padding by their
     * structure), so its payloads are shaped as encrypted packets: 24 + 16k bytes, non-zero key id.
     */
    private static byte[] payload(Framing f, int size, long seed) {
        int n = f == Framing.PADDED_INTERMEDIATE ? 24 + (size / 16) * 16 : size;
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        b[0] = 1; // a non-zero auth_key_id
        b[3] &= 0x7f; // a 4-byte payload must not read as a negative error code
        return b;
    }

    private static TransportOptions options(Framing f, Mode m) {
        return TransportOptions.builder()
                .framing(f)
                .obfuscated(m != Mode.PLAIN)
                .proxySecret(m == Mode.MTPROXY_SECRET ? SECRET : null)
                .maxFrame(2 << 20)
                .connectTimeout(Duration.ofSeconds(5))
                .frameTimeout(Duration.ofSeconds(5))
                .idleTimeout(Duration.ofSeconds(10))
                .build();
    }

    @ParameterizedTest(name = "{0} {1} {2} B quickAck={3}")
    @MethodSource("cases")
    void echoRoundTrip(Framing f, Mode m, int size, boolean quickAck) throws Exception {
        byte[] first = payload(f, size, size * 31L + f.name().hashCode());
        byte[] second = payload(f, 64, 7);
        FramedTransport client = FramedTransport.client(options(f, m));
        try (client) {
            client.connect(server.endpoint(2));
            client.send(first, 0, first.length, quickAck);
            client.send(second, 0, second.length, false);
            if (quickAck) {
                assertThat(client.receive()).isEqualTo(new Frame.QuickAck(Arrays.hashCode(first) | 0x80000000));
            }
            assertThat(((Frame.Packet) client.receive()).payload()).isEqualTo(first);
            assertThat(((Frame.Packet) client.receive()).payload()).isEqualTo(second);
        }
        Accepted a = (Accepted) server.nextOutcome();
        assertThat(a.framing()).isEqualTo(f);
        assertThat(a.obfuscated()).isEqualTo(m != Mode.PLAIN);
        assertThat(a.dcId()).isEqualTo(m == Mode.PLAIN ? 0 : 2);
        assertThat(a.secretIndex()).isEqualTo(m == Mode.MTPROXY_SECRET ? 0 : -1);
        assertThatThrownBy(client::receive).isInstanceOf(TransportClosedException.class);
    }

    @Test
    void serverErrorCodeSurfacesAndClosesTheClient() throws Exception {
        try (LoopbackServer errors =
                new LoopbackServer(TransportAcceptor.builder().build(), a -> {
                    a.transport().receive();
                    a.transport().sendError(-429);
                })) {
            FramedTransport client = FramedTransport.client(options(Framing.ABRIDGED, Mode.OBFUSCATED));
            client.connect(errors.endpoint(4));
            client.send(new byte[16]);
            assertThatThrownBy(client::receive)
                    .isInstanceOfSatisfying(
                            TransportException.class, e -> assertThat(e.code()).isEqualTo(-429));
            assertThat(client.isOpen()).isFalse();
            assertThat(errors.nextOutcome()).isInstanceOf(Accepted.class);
        }
    }

    @Test
    void closeUnblocksPendingReceive() throws Exception {
        try (LoopbackServer silent =
                new LoopbackServer(TransportAcceptor.builder().build(), a -> {
                    a.transport().receive();
                    try {
                        a.transport().receive(); // blocks until the client closes
                    } catch (EndOfStream expected) {
                        // the client closed
                    }
                })) {
            FramedTransport client = FramedTransport.client(options(Framing.INTERMEDIATE, Mode.PLAIN));
            client.connect(silent.endpoint(1));
            client.send(new byte[8]);
            List<Throwable> failure = new ArrayList<>();
            Thread reader = Thread.ofVirtual().name("mtj-test-reader").start(() -> {
                try {
                    client.receive();
                } catch (Throwable t) {
                    failure.add(t);
                }
            });
            Thread.sleep(100);
            client.close();
            client.close();
            reader.join(2000);
            assertThat(reader.isAlive()).isFalse();
            assertThat(failure).singleElement().isInstanceOf(TransportClosedException.class);
            assertThat(silent.nextOutcome()).isInstanceOf(Accepted.class);
        }
    }

    @Test
    void peerStallingMidFrameFailsWithStalledAtTheOffset() throws Exception {
        try (ServerSocket raw = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            FramedTransport client = FramedTransport.client(TransportOptions.builder()
                    .frameTimeout(Duration.ofMillis(200))
                    .build());
            client.connect(Endpoint.of("127.0.0.1", raw.getLocalPort(), 1));
            try (Socket s = raw.accept()) {
                // a frame announcing 16 bytes, of which only 6 arrive
                s.getOutputStream().write(java.util.HexFormat.of().parseHex("10000000aabbccddeeff"));
                long t0 = System.nanoTime();
                assertThatThrownBy(client::receive).isInstanceOfSatisfying(FrameException.class, e -> {
                    assertThat(e.fault()).isEqualTo(FrameException.Fault.STALLED);
                    assertThat(e.offset()).isEqualTo(10);
                });
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
                assertThat(client.isOpen()).isFalse();
            }
        }
    }

    @Test
    void stuckWriteIsCutByTheWatchdog() throws Exception {
        try (ServerSocket raw = new ServerSocket()) {
            raw.setReceiveBufferSize(4096);
            raw.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 1);
            Dialer smallBuffers = (target, timeout) -> {
                Socket s = Dialer.DIRECT.dial(target, timeout);
                s.setSendBufferSize(4096);
                return s;
            };
            FramedTransport client = FramedTransport.client(TransportOptions.builder()
                    .dialer(smallBuffers)
                    .writeTimeout(Duration.ofMillis(300))
                    .build());
            client.connect(Endpoint.of("127.0.0.1", raw.getLocalPort(), 1));
            try (Socket peer = raw.accept()) {
                // the peer never reads: the socket buffers fill and the write blocks
                byte[] big = new byte[1 << 20];
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> {
                            for (int i = 0; i < 64; i++) {
                                client.send(big);
                            }
                        })
                        .isInstanceOf(java.net.SocketTimeoutException.class)
                        .hasMessageContaining("stalled for more than 300 ms; connection closed");
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
                assertThat(client.isOpen()).isFalse();
                assertThat(peer.isClosed()).isFalse();
            }
        }
    }

    @Test
    void concurrentSendersKeepPacketsWholeAndInOrderPerThread() throws Exception {
        int threads = 4;
        int perThread = 50;
        FramedTransport client = FramedTransport.client(options(Framing.INTERMEDIATE, Mode.OBFUSCATED));
        try (client) {
            client.connect(server.endpoint(2));
            List<Thread> senders = new ArrayList<>();
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                senders.add(Thread.ofVirtual().name("mtj-test-sender-" + t).start(() -> {
                    try {
                        for (int i = 0; i < perThread; i++) {
                            byte[] p = new byte[1024];
                            Arrays.fill(p, (byte) (id * 64 + i));
                            p[0] = (byte) id;
                            p[1] = (byte) i;
                            client.send(p);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            int[] next = new int[threads];
            for (int n = 0; n < threads * perThread; n++) {
                byte[] p = ((Frame.Packet) client.receive()).payload();
                int id = p[0];
                assertThat(p[1]).as("packet order of sender %d", id).isEqualTo((byte) next[id]);
                byte fill = (byte) (id * 64 + next[id]);
                for (int k = 2; k < p.length; k++) {
                    assertThat(p[k]).isEqualTo(fill);
                }
                next[id]++;
            }
            for (Thread t : senders) {
                t.join(5000);
                assertThat(t.isAlive()).isFalse();
            }
            assertThat(failures).isEmpty();
        }
        assertThat(server.nextOutcome()).isInstanceOf(Accepted.class);
    }
}
