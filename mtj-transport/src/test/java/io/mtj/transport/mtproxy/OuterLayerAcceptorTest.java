package io.mtj.transport.mtproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.transport.DirectDialer;
import io.mtj.transport.Endpoint;
import io.mtj.transport.Frame;
import io.mtj.transport.FramedTransport;
import io.mtj.transport.Framing;
import io.mtj.transport.SocketWire;
import io.mtj.transport.TransportOptions;
import io.mtj.transport.server.Accepted;
import io.mtj.transport.server.TransportAcceptor;
import io.mtj.transport.ws.WebSocketHandshake;
import io.mtj.transport.ws.WebSocketLayer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One loopback port serving direct, fake-TLS MTProxy and WebSocket clients, as the test DC does. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OuterLayerAcceptorTest {
    private static final MtProxySecret SECRET = MtProxySecret.fakeTls(
            java.util.HexFormat.of().parseHex("11223344556677889900aabbccddeeff"), "front.example");

    /** A pre-2025 hello shape of 517 bytes ({@code 16 03 01 02 00}): SNI, one suite, tdlib's padding. */
    static final ClientHelloTemplate LEGACY_517 = new ClientHelloTemplate(List.of(
            new HelloOp.Bytes(new byte[] {0x16, 3, 1}),
            new HelloOp.Scope(List.of(
                    new HelloOp.Bytes(new byte[] {1, 0}),
                    new HelloOp.Scope(List.of(
                            new HelloOp.Bytes(new byte[] {3, 3}),
                            new HelloOp.Zeros(32),
                            new HelloOp.Bytes(new byte[] {32}),
                            new HelloOp.RandomBytes(32),
                            new HelloOp.Bytes(new byte[] {0, 2, 0x13, 1, 1, 0}),
                            new HelloOp.Scope(List.of(
                                    new HelloOp.Bytes(new byte[] {0, 0}),
                                    new HelloOp.Scope(
                                            List.of(
                                                    new HelloOp.Scope(
                                                            List.of(
                                                                    new HelloOp.Bytes(new byte[] {0}),
                                                                    new HelloOp.Scope(
                                                                            List.of(new HelloOp.Domain())))))),
                                    new HelloOp.Padding(513)))))))));

    private ServerSocket listener;
    private @Nullable Thread serverThread;
    /** Per connection: the outer layer seen, or the failure. */
    private final LinkedBlockingQueue<Object> outcomes = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws IOException {
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        OuterLayerAcceptor outer = new OuterLayerAcceptor(
                FakeTlsServer.of(List.of(SECRET)), WebSocketHandshake.DEFAULT_PATH, new SecureRandom(), 1 << 22);
        TransportAcceptor inner =
                TransportAcceptor.builder().secret(SECRET.key()).build();
        ServerSocket server = listener;
        serverThread = Thread.ofVirtual().start(() -> {
            while (true) {
                try (Socket socket = server.accept()) {
                    SocketWire raw = new SocketWire(socket, Duration.ofSeconds(5));
                    raw.readTimeout(Duration.ofSeconds(10));
                    OuterLayerAcceptor.Unwrapped u;
                    Accepted a;
                    try {
                        u = outer.accept(raw);
                        a = inner.accept(u.wire());
                    } catch (IOException e) {
                        outcomes.add(e);
                        continue;
                    }
                    outcomes.add(u.layer() + "/" + a.framing() + "/" + (a.obfuscated() ? "obf" : "plain"));
                    try (FramedTransport t = a.transport()) {
                        while (true) {
                            if (t.receive() instanceof Frame.Packet p) {
                                t.send(p.payload());
                            }
                        }
                    } catch (IOException endOfClient) {
                        // next connection
                    }
                } catch (IOException listenerClosed) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        listener.close();
        if (serverThread != null) {
            serverThread.join(5_000);
            assertThat(serverThread.isAlive()).isFalse();
        }
    }

    private void roundTrip(TransportOptions options) throws Exception {
        try (FramedTransport client = FramedTransport.client(options)) {
            client.connect(new Endpoint("127.0.0.1", listener.getLocalPort(), 3, false, false));
            byte[] packet = new byte[24 + 16 * 100];
            new Random(3).nextBytes(packet);
            packet[0] = 1;
            client.send(packet);
            assertThat(client.receive()).isInstanceOfSatisfying(Frame.Packet.class, p -> assertThat(p.payload())
                    .isEqualTo(packet));
        }
    }

    @Test
    void eachKindOfClientIsUnwrappedOnTheSamePort() throws Exception {
        MtProxyLink link = new MtProxyLink("front.test", listener.getLocalPort(), SECRET);
        roundTrip(MtProxy.route(
                        TransportOptions.builder(),
                        link,
                        new DirectDialer(host -> List.of(InetAddress.getLoopbackAddress())))
                .build());
        assertThat(outcomes.poll(5, TimeUnit.SECONDS)).isEqualTo("FAKE_TLS/PADDED_INTERMEDIATE/obf");

        roundTrip(TransportOptions.builder()
                .obfuscated(true)
                .layer(WebSocketLayer.standard())
                .build());
        assertThat(outcomes.poll(5, TimeUnit.SECONDS)).isEqualTo("WEBSOCKET/INTERMEDIATE/obf");

        roundTrip(TransportOptions.builder().obfuscated(true).build());
        assertThat(outcomes.poll(5, TimeUnit.SECONDS)).isEqualTo("NONE/INTERMEDIATE/obf");

        roundTrip(TransportOptions.builder().framing(Framing.ABRIDGED).build());
        assertThat(outcomes.poll(5, TimeUnit.SECONDS)).isEqualTo("NONE/ABRIDGED/plain");

        roundTrip(TransportOptions.builder().framing(Framing.INTERMEDIATE).build());
        assertThat(outcomes.poll(5, TimeUnit.SECONDS)).isEqualTo("NONE/INTERMEDIATE/plain");
    }

    /** Hellos of the old 517-byte size (mtcute's, older tdlib) pass the same port as tdlib's 2026 one. */
    @Test
    void fakeTlsHellosOfEitherSizeAreRecognised() throws Exception {
        MtProxyLink link = new MtProxyLink("front.test", listener.getLocalPort(), SECRET);
        FakeTlsClient legacy = new FakeTlsClient(
                SECRET,
                java.time.InstantSource.system(),
                new SecureRandom(),
                Duration.ZERO,
                Duration.ofSeconds(10),
                LEGACY_517);
        roundTrip(TransportOptions.builder()
                .framing(Framing.PADDED_INTERMEDIATE)
                .proxySecret(SECRET.key())
                .layer(legacy)
                .build());
        assertThat(outcomes.poll(5, TimeUnit.SECONDS)).isEqualTo("FAKE_TLS/PADDED_INTERMEDIATE/obf");
        roundTrip(MtProxy.route(
                        TransportOptions.builder(),
                        link,
                        new DirectDialer(host -> List.of(InetAddress.getLoopbackAddress())))
                .build());
        assertThat(outcomes.poll(5, TimeUnit.SECONDS)).isEqualTo("FAKE_TLS/PADDED_INTERMEDIATE/obf");
    }

    @Test
    void aBadFakeTlsHelloIsReportedAndClosed() throws Exception {
        MtProxySecret wrong = MtProxySecret.fakeTls(new byte[16], "front.example");
        try (Socket socket = new Socket()) {
            socket.connect(listener.getLocalSocketAddress(), 5_000);
            SocketWire wire = new SocketWire(socket, Duration.ofSeconds(5));
            wire.readTimeout(Duration.ofSeconds(10));
            assertThatThrownBy(() -> FakeTlsClient.of(wrong).handshake(wire)).isInstanceOf(IOException.class);
        }
        assertThat(outcomes.poll(5, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(FakeTlsException.class, e -> assertThat(e.reason())
                        .isEqualTo(FakeTlsException.Reason.UNKNOWN_SECRET));
    }
}
