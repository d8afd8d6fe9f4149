package io.mtj.transport.mtproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.transport.SocketWire;
import io.mtj.transport.Wire;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Client and proxy side over real loopback sockets, echoing through the record layer. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FakeTlsLoopbackTest {
    private static final Duration IO_TIMEOUT = Duration.ofSeconds(10);
    private static final MtProxySecret SECRET = MtProxySecret.fakeTls(
            java.util.HexFormat.of().parseHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"), "loopback.example");

    private ServerSocket listener;
    private final CompletableFuture<FakeTlsServer.Accepted> accepted = new CompletableFuture<>();
    private final CompletableFuture<Long> echoed = new CompletableFuture<>();
    private @Nullable Thread serverThread;

    @BeforeEach
    void listen() throws IOException {
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
    }

    @AfterEach
    void shutdown() throws Exception {
        listener.close();
        if (serverThread != null) {
            serverThread.join(5_000);
            assertThat(serverThread.isAlive()).as("server thread finished").isFalse();
        }
    }

    /** Accepts one connection, runs the proxy handshake, echoes until end of stream. */
    private void serveOnce(FakeTlsServer server) {
        serverThread = Thread.ofVirtual().start(() -> {
            try (Socket socket = listener.accept()) {
                SocketWire raw = new SocketWire(socket, IO_TIMEOUT);
                raw.readTimeout(IO_TIMEOUT);
                FakeTlsServer.Accepted a;
                try {
                    a = server.accept(raw);
                } catch (IOException e) {
                    accepted.completeExceptionally(e);
                    return;
                }
                accepted.complete(a);
                try (Wire wire = a.wire()) {
                    byte[] buf = new byte[7_000]; // deliberately not a record multiple
                    long total = 0;
                    int n;
                    while ((n = wire.read(buf, 0, buf.length)) > 0) {
                        wire.write(buf, 0, n);
                        wire.flush();
                        total += n;
                    }
                    echoed.complete(total);
                }
            } catch (IOException | RuntimeException e) {
                accepted.completeExceptionally(e);
                echoed.completeExceptionally(e);
            }
        });
    }

    private SocketWire dial() throws IOException {
        Socket socket = new Socket();
        socket.connect(listener.getLocalSocketAddress(), 5_000);
        SocketWire wire = new SocketWire(socket, IO_TIMEOUT);
        wire.readTimeout(IO_TIMEOUT);
        return wire;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100, 16_383, 16_384, 16_385, 100_000, 1 << 20})
    void echoThroughTheRecordLayer(int size) throws Exception {
        serveOnce(FakeTlsServer.of(List.of(SECRET)));
        byte[] payload = new byte[size];
        new Random(size).nextBytes(payload);
        try (FakeTlsWire wire = FakeTlsClient.of(SECRET).handshake(dial())) {
            assertThat(accepted.get(5, TimeUnit.SECONDS).serverName()).isEqualTo("loopback.example");
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    for (int off = 0; off < size; off += 5_000) { // writes that straddle records
                        wire.write(payload, off, Math.min(5_000, size - off));
                    }
                    wire.flush();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            byte[] back = new byte[size];
            wire.readFully(back, 0, size);
            writer.join(5_000);
            assertThat(back).isEqualTo(payload);
        }
        assertThat(echoed.get(5, TimeUnit.SECONDS)).isEqualTo(size);
    }

    @Test
    void wrongSecretClosesTheConnection() throws Exception {
        serveOnce(FakeTlsServer.of(List.of(SECRET)));
        MtProxySecret wrong = MtProxySecret.fakeTls(new byte[16], "loopback.example");
        SocketWire raw = dial();
        assertThatThrownBy(() -> FakeTlsClient.of(wrong).handshake(raw)).isInstanceOf(EOFException.class);
        assertThat(raw.isClosed()).isTrue();
        assertThatThrownBy(() -> accepted.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(FakeTlsException.class)
                .cause()
                .hasMessage("fake-TLS ClientHello HMAC matches none of the 1 secrets");
    }

    @Test
    void staleClientClockIsRefused() throws Exception {
        serveOnce(FakeTlsServer.of(List.of(SECRET)));
        java.time.InstantSource behind = () -> java.time.Instant.now().minusSeconds(3_600);
        SocketWire raw = dial();
        assertThatThrownBy(() -> new FakeTlsClient(SECRET, behind, new java.security.SecureRandom(), Duration.ZERO)
                        .handshake(raw))
                .isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> accepted.get(5, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(FakeTlsException.class, e -> assertThat(e.reason())
                        .isEqualTo(FakeTlsException.Reason.STALE_TIMESTAMP));
    }
}
