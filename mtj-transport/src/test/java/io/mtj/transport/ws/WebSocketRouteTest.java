package io.mtj.transport.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.transport.Dialer;
import io.mtj.transport.Endpoint;
import io.mtj.transport.Frame;
import io.mtj.transport.FramedTransport;
import io.mtj.transport.SocketWire;
import io.mtj.transport.TransportOptions;
import io.mtj.transport.Wire;
import io.mtj.transport.server.Accepted;
import io.mtj.transport.server.TransportAcceptor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebSocket as a layer of a real client transport (obfuscated2 inside binary messages), plain and
 * over TLS from the JDK, against the server side of the same code.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebSocketRouteTest {
    private static final Duration IO_TIMEOUT = Duration.ofSeconds(10);
    private static final char[] PASSWORD = "test-only".toCharArray();

    private @Nullable ServerSocket listener;
    private @Nullable Thread serverThread;
    private final CompletableFuture<Accepted> accepted = new CompletableFuture<>();
    private final CompletableFuture<String> serverNames = new CompletableFuture<>();

    /** One self-signed key for the class: keytool is a JVM start, slow on a busy machine. */
    private static @Nullable KeyStore keyStore;

    @BeforeAll
    static void makeKey(@TempDir Path dir) throws Exception {
        keyStore = selfSigned(dir);
    }

    @AfterEach
    void shutdown() throws Exception {
        if (listener != null) {
            listener.close();
        }
        if (serverThread != null) {
            serverThread.join(5_000);
            assertThat(serverThread.isAlive()).isFalse();
        }
    }

    /** Serves one connection: WebSocket handshake, protocol detection, then echoes packets. */
    private void serveOnce(ServerSocket server) {
        listener = server;
        serverThread = Thread.ofVirtual().start(() -> {
            try (Socket socket = server.accept()) {
                if (socket instanceof SSLSocket tls) {
                    tls.setSoTimeout((int) IO_TIMEOUT.toMillis());
                    tls.startHandshake();
                    if (tls.getSession() instanceof ExtendedSSLSession session) {
                        serverNames.complete(session.getRequestedServerNames().stream()
                                .map(n -> n instanceof SNIHostName h ? h.getAsciiName() : n.toString())
                                .collect(java.util.stream.Collectors.joining(",")));
                    }
                }
                SocketWire raw = new SocketWire(socket, IO_TIMEOUT);
                raw.readTimeout(IO_TIMEOUT);
                Wire ws = WebSocketHandshake.server(
                        raw, WebSocketHandshake.DEFAULT_PATH, new SecureRandom(), WebSocketWire.DEFAULT_MAX_FRAME);
                Accepted a = TransportAcceptor.builder()
                        .requireObfuscation(true)
                        .build()
                        .accept(ws);
                accepted.complete(a);
                try (FramedTransport t = a.transport()) {
                    while (true) {
                        if (t.receive() instanceof Frame.Packet p) {
                            t.send(p.payload());
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                accepted.completeExceptionally(e);
            }
        });
    }

    private static ServerSocket plainListener() throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2);
        return s;
    }

    private static void echoPackets(FramedTransport client) throws IOException {
        for (int size : new int[] {8, 1_000, 100_000, 1 << 20}) {
            byte[] packet = new byte[size];
            new Random(size).nextBytes(packet);
            client.send(packet);
            assertThat(client.receive()).isInstanceOfSatisfying(Frame.Packet.class, p -> assertThat(p.payload())
                    .isEqualTo(packet));
        }
    }

    @Test
    void obfuscatedTransportOverWebSocket() throws Exception {
        ServerSocket server = plainListener();
        serveOnce(server);
        TransportOptions options = TransportOptions.builder()
                .obfuscated(true)
                .layer(WebSocketLayer.standard())
                .build();
        try (FramedTransport client = FramedTransport.client(options)) {
            client.connect(new Endpoint("127.0.0.1", server.getLocalPort(), 4, false, false));
            echoPackets(client);
            Accepted a = accepted.get(5, TimeUnit.SECONDS);
            assertThat(a.obfuscated()).isTrue();
            assertThat(a.dcId()).isEqualTo(4);
        }
    }

    /** A self-signed certificate for localhost / 127.0.0.1, made with the JDK's keytool. */
    private static KeyStore selfSigned(Path dir) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path store = dir.resolve("server.p12");
        Process p = new ProcessBuilder(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        "server",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-validity",
                        "2",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost,ip:127.0.0.1",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        new String(PASSWORD),
                        "-keypass",
                        new String(PASSWORD))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("keytool.log").toFile())
                .start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(p.exitValue()).as("keytool exit code").isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(store)) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    private static SSLContext serverContext(KeyStore ks) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private static SSLContext clientContext(KeyStore ks) throws Exception {
        Certificate cert = Objects.requireNonNull(ks.getCertificate("server"));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static ServerSocket tlsListener(KeyStore ks) throws Exception {
        SSLServerSocket s =
                (SSLServerSocket) serverContext(ks).getServerSocketFactory().createServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2);
        return s;
    }

    @Test
    void secureWebSocketWithSniAndHostNameCheck() throws Exception {
        KeyStore ks = Objects.requireNonNull(keyStore);
        ServerSocket server = tlsListener(ks);
        serveOnce(server);
        // wss = TLS dialer (SNI "localhost", resolved to loopback) + WebSocket layer + obfuscation
        Dialer loopback =
                new io.mtj.transport.DirectDialer(host -> java.util.List.of(InetAddress.getLoopbackAddress()));
        TransportOptions options = TransportOptions.builder()
                .dialer(new TlsDialer(loopback, clientContext(ks), null))
                .layer(WebSocketLayer.standard())
                .obfuscated(true)
                .build();
        try (FramedTransport client = FramedTransport.client(options)) {
            client.connect(new Endpoint("localhost", server.getLocalPort(), 1, true, false));
            echoPackets(client);
            assertThat(accepted.get(5, TimeUnit.SECONDS).dcId()).isEqualTo(10_001);
            assertThat(serverNames.get(5, TimeUnit.SECONDS)).isEqualTo("localhost");
        }
    }

    @Test
    void secureOnAnAlreadyDialedSocket() throws Exception {
        KeyStore ks = Objects.requireNonNull(keyStore);
        ServerSocket server = tlsListener(ks);
        serveOnce(server);
        Socket socket = Dialer.DIRECT.dial(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), IO_TIMEOUT);
        WebSocketWire ws = WebSocketLayer.secure(
                socket,
                "localhost",
                server.getLocalPort(),
                WebSocketHandshake.DEFAULT_PATH,
                clientContext(ks),
                IO_TIMEOUT,
                new SecureRandom());
        SecureRandom random = new SecureRandom();
        try (FramedTransport client = FramedTransport.over(
                io.mtj.transport.obfs.ObfuscatedWire.client(
                        ws,
                        io.mtj.transport.obfs.ObfuscationHeader.random(random),
                        io.mtj.transport.Framing.INTERMEDIATE,
                        2,
                        null),
                io.mtj.transport.codec.FrameCodec.of(
                        io.mtj.transport.Framing.INTERMEDIATE, io.mtj.transport.codec.Side.CLIENT, 1 << 21, random))) {
            echoPackets(client);
            assertThat(accepted.get(5, TimeUnit.SECONDS).dcId()).isEqualTo(2);
            assertThat(serverNames.get(5, TimeUnit.SECONDS)).isEqualTo("localhost");
        }
    }

    @Test
    void secureWebSocketRejectsAWrongHostName() throws Exception {
        KeyStore ks = Objects.requireNonNull(keyStore);
        ServerSocket server = tlsListener(ks);
        serveOnce(server);
        Socket socket = Dialer.DIRECT.dial(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), IO_TIMEOUT);
        assertThatThrownBy(() -> WebSocketLayer.secure(
                        socket,
                        "venus.example",
                        server.getLocalPort(),
                        WebSocketHandshake.DEFAULT_PATH,
                        clientContext(ks),
                        IO_TIMEOUT,
                        new SecureRandom()))
                .isInstanceOf(SSLHandshakeException.class);
        assertThat(socket.isClosed()).isTrue();
        assertThatThrownBy(() -> accepted.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
    }
}
