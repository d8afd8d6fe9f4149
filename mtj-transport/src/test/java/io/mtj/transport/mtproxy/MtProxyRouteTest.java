package io.mtj.transport.mtproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.transport.Dialer;
import io.mtj.transport.DirectDialer;
import io.mtj.transport.Endpoint;
import io.mtj.transport.Frame;
import io.mtj.transport.FramedTransport;
import io.mtj.transport.Framing;
import io.mtj.transport.SocketWire;
import io.mtj.transport.TransportOptions;
import io.mtj.transport.server.Accepted;
import io.mtj.transport.server.TransportAcceptor;
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

/**
 * The whole MTProxy route over loopback: a client transport built from a proxy link (fake TLS, then
 * obfuscated2 keyed with the secret, then padded intermediate) against a proxy side assembled from
 * {@link FakeTlsServer} and the protocol-detecting acceptor.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MtProxyRouteTest {
    private static final byte[] KEY = java.util.HexFormat.of().parseHex("f0e1d2c3b4a5968778695a4b3c2d1e0f");

    private ServerSocket listener;
    private @Nullable Thread proxyThread;
    private final CompletableFuture<Accepted> accepted = new CompletableFuture<>();

    @BeforeEach
    void listen() throws IOException {
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2);
    }

    @AfterEach
    void shutdown() throws Exception {
        listener.close();
        if (proxyThread != null) {
            proxyThread.join(5_000);
            assertThat(proxyThread.isAlive()).isFalse();
        }
    }

    /** Accepts one connection as an MTProxy would and echoes each packet back. */
    private void proxy(MtProxySecret secret) {
        proxyThread = Thread.ofVirtual().start(() -> {
            try (Socket socket = listener.accept()) {
                SocketWire raw = new SocketWire(socket, Duration.ofSeconds(5));
                raw.readTimeout(Duration.ofSeconds(10));
                var wire = secret.kind() == MtProxySecret.Kind.FAKE_TLS
                        ? FakeTlsServer.of(List.of(secret)).accept(raw).wire()
                        : raw;
                Accepted a = TransportAcceptor.builder()
                        .secret(secret.key())
                        .allowNoSecret(false)
                        .requireObfuscation(true)
                        .build()
                        .accept(wire);
                accepted.complete(a);
                try (FramedTransport t = a.transport()) {
                    while (true) {
                        Frame f = t.receive();
                        if (f instanceof Frame.Packet p) {
                            t.send(p.payload());
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                accepted.completeExceptionally(e);
            }
        });
    }

    private MtProxyLink link(MtProxySecret secret) {
        return new MtProxyLink("proxy.test", listener.getLocalPort(), secret);
    }

    /** Resolves every name to loopback, so the link can carry a host name. */
    private static Dialer loopbackDialer() {
        return new DirectDialer(host -> List.of(InetAddress.getLoopbackAddress()));
    }

    private void roundTrip(MtProxySecret secret, Framing expectedFraming) throws Exception {
        proxy(secret);
        TransportOptions options = MtProxy.route(TransportOptions.builder(), link(secret), loopbackDialer())
                .random(new Random(5))
                .build();
        assertThat(options.framing()).isEqualTo(expectedFraming);
        try (FramedTransport client = FramedTransport.client(options)) {
            client.connect(new Endpoint("dc2.invalid", 443, 2, false, false));
            // shaped like encrypted MTProto packets (24-byte header + multiple of 16), which is what
            // lets the padded framing find where the payload ends
            for (int blocks : new int[] {1, 62, 2_500, 18_750}) {
                int size = 24 + 16 * blocks;
                byte[] packet = new byte[size];
                new Random(size).nextBytes(packet);
                packet[0] = 1; // a non-zero auth_key_id
                client.send(packet);
                Frame back = client.receive();
                assertThat(back).isInstanceOfSatisfying(Frame.Packet.class, p -> assertThat(p.payload())
                        .isEqualTo(packet));
            }
            Accepted a = accepted.get(5, TimeUnit.SECONDS);
            assertThat(a.dcId()).isEqualTo(2);
            assertThat(a.framing()).isEqualTo(expectedFraming);
            assertThat(a.obfuscated()).isTrue();
            assertThat(a.secretIndex()).isZero();
        }
    }

    @Test
    void fakeTlsSecret() throws Exception {
        roundTrip(MtProxySecret.fakeTls(KEY, "proxy.example.com"), Framing.PADDED_INTERMEDIATE);
    }

    @Test
    void paddedSecret() throws Exception {
        roundTrip(MtProxySecret.padded(KEY), Framing.PADDED_INTERMEDIATE);
    }

    @Test
    void plainSecretKeepsTheChosenFraming() throws Exception {
        roundTrip(MtProxySecret.plain(KEY), Framing.INTERMEDIATE);
    }
}
