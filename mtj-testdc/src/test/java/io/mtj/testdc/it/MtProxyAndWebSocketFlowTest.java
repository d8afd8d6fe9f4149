package io.mtj.testdc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.core.ClientConfig;
import io.mtj.core.ConnectionListener;
import io.mtj.core.DeviceInfo;
import io.mtj.core.MtProxyRejectedException;
import io.mtj.core.SessionOptions;
import io.mtj.core.TelegramClient;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.TestDc;
import io.mtj.transport.Dialer;
import io.mtj.transport.Endpoint;
import io.mtj.transport.mtproxy.MtProxyLink;
import io.mtj.transport.mtproxy.MtProxySecret;
import io.mtj.transport.proxy.Socks5Dialer;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The full client flow (dial, transport, key exchange, session, initConnection) over the test DC's MTProxy and
 * WebSocket listeners. The endpoint given to the client never accepts connections where a route should bypass it, so
 * a successful connect proves the route was taken.
 */
class MtProxyAndWebSocketFlowTest {
    private static final char[] STORE_PASSWORD = "test-only".toCharArray();
    private static RsaKeyPair rsa;

    @BeforeAll
    static void key() throws Exception {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(2025);
        rsa = RsaKeyPair.generate2048(seeded);
    }

    private static ClientConfig.Builder config(TestDc dc, Endpoint endpoint) {
        return ClientConfig.builder(12345, "0123456789abcdef0123456789abcdef")
                .endpoint(endpoint)
                .serverKeys(List.of(dc.publicKey()))
                .device(new DeviceInfo("JUnit", "Loopback 1.0", "9.9", "en", "", "en"))
                .connectTimeout(Duration.ofSeconds(5))
                .handshakeTimeout(Duration.ofSeconds(20))
                .callTimeout(Duration.ofSeconds(10))
                .sessionOptions(SessionOptions.defaults().withPingInterval(Duration.ZERO));
    }

    /** A loopback port nothing listens on: dialing the endpoint directly would be refused. */
    private static Endpoint deadEndpoint(TestDc dc) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        return Endpoint.of("127.0.0.1", port, dc.dcId());
    }

    private static MtProxySecret secret(String kind, byte[] key) {
        return switch (kind) {
            case "plain" -> MtProxySecret.plain(key);
            case "dd" -> MtProxySecret.padded(key);
            case "ee" -> MtProxySecret.fakeTls(key, "example.com");
            default -> throw new IllegalArgumentException("unknown secret kind " + kind);
        };
    }

    private static byte[] key(int seed) {
        byte[] key = new byte[16];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed * 31 + i * 7);
        }
        return key;
    }

    private static MtProxyLink link(InetSocketAddress address, MtProxySecret secret) {
        return new MtProxyLink(address.getAddress().getHostAddress(), address.getPort(), secret);
    }

    /** Records the dial targets and transport steps. */
    static final class Steps implements ConnectionListener {
        final List<String> dialed = new CopyOnWriteArrayList<>();
        final List<String> transports = new CopyOnWriteArrayList<>();
        final AtomicInteger initialized = new AtomicInteger();

        @Override
        public void dialed(String target, Duration took) {
            dialed.add(target);
        }

        @Override
        public void transportReady(String framing, boolean obfuscated, Duration took) {
            transports.add(framing + (obfuscated ? " obfuscated" : ""));
        }

        @Override
        public void initialized(int layer, Duration took) {
            initialized.incrementAndGet();
        }
    }

    @ParameterizedTest(name = "{0} secret")
    @CsvSource({
        "plain, INTERMEDIATE obfuscated",
        "dd, PADDED_INTERMEDIATE obfuscated",
        "ee, PADDED_INTERMEDIATE obfuscated"
    })
    void connectsThroughTheMtProxyListener(String kind, String transport) throws Exception {
        MtProxySecret secret = secret(kind, key(1));
        Steps steps = new Steps();
        try (TestDc dc = TestDc.builder().rsaKey(rsa).mtproxy(secret).build()) {
            InetSocketAddress proxy = dc.mtproxyAddress();
            ClientConfig cfg = config(dc, deadEndpoint(dc))
                    .proxy(link(proxy, secret).toTgUri())
                    .listener(steps)
                    .build();
            try (TelegramClient client = new TelegramClient(cfg)) {
                io.mtj.api.telegram.Config server = client.connect();
                assertThat(server.thisDc()).isEqualTo(dc.dcId());
                assertThat(steps.dialed).containsExactly("127.0.0.1:" + proxy.getPort());
                assertThat(steps.transports).containsExactly(transport);
                assertThat(steps.initialized.get()).isEqualTo(1);
                assertThat(dc.connectionCount()).isEqualTo(1);
                assertThat(dc.authKeysCreated()).isEqualTo(1);
            }
        }
    }

    @Test
    void tMeLinkWorksLikeTgLink() throws Exception {
        MtProxySecret secret = secret("dd", key(2));
        try (TestDc dc = TestDc.builder().rsaKey(rsa).mtproxy(secret).build()) {
            ClientConfig cfg = config(dc, deadEndpoint(dc))
                    .proxy(link(dc.mtproxyAddress(), secret).toHttpsUri())
                    .build();
            try (TelegramClient client = new TelegramClient(cfg)) {
                assertThat(client.connect().thisDc()).isEqualTo(dc.dcId());
                assertThat(dc.connectionCount()).isEqualTo(1);
            }
        }
    }

    @ParameterizedTest(name = "{0} secret")
    @CsvSource({"plain", "dd", "ee"})
    void wrongMtProxySecretFailsWithinTheTimeout(String kind) throws Exception {
        try (TestDc dc =
                TestDc.builder().rsaKey(rsa).mtproxy(secret(kind, key(3))).build()) {
            InetSocketAddress proxy = dc.mtproxyAddress();
            ClientConfig cfg = config(dc, deadEndpoint(dc))
                    .mtproxy(link(proxy, secret(kind, key(4))))
                    .handshakeTimeout(Duration.ofSeconds(4))
                    .build();
            long start = System.nanoTime();
            try (TelegramClient client = new TelegramClient(cfg)) {
                assertThatThrownBy(client::connect).isInstanceOfSatisfying(MtProxyRejectedException.class, e -> {
                    assertThat(e.proxy()).isEqualTo("127.0.0.1:" + proxy.getPort());
                    assertThat(e.secretKind()).isEqualTo(secret(kind, key(4)).kind());
                    assertThat(e.getMessage())
                            .isEqualTo("the MTProxy 127.0.0.1:" + proxy.getPort()
                                    + " closed the connection before any answer ("
                                    + e.secretKind()
                                    + " secret): the secret is probably wrong, or the proxy refused this client")
                            .doesNotContain(HexFormat.of().formatHex(key(4)))
                            .doesNotContain(HexFormat.of().formatHex(key(3)));
                });
            }
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(tookMillis).isLessThan(8_000);
            assertThat(dc.authKeysCreated()).isZero();
            assertThat(dc.requestCount()).isZero();
        }
    }

    @Test
    void reachesTheMtProxyThroughSocks5() throws Exception {
        MtProxySecret secret = secret("ee", key(5));
        try (TestDc dc = TestDc.builder().rsaKey(rsa).mtproxy(secret).build();
                Socks5Relay socks = new Socks5Relay().start(Socks5Relay.class)) {
            InetSocketAddress proxy = dc.mtproxyAddress();
            Dialer viaSocks = new Socks5Dialer(Dialer.DIRECT, socks.address(), null);
            ClientConfig cfg = config(dc, deadEndpoint(dc))
                    .dialer(viaSocks)
                    .mtproxy(link(proxy, secret))
                    .build();
            try (TelegramClient client = new TelegramClient(cfg)) {
                assertThat(client.connect().thisDc()).isEqualTo(dc.dcId());
            }
            assertThat(socks.requestedTargets()).containsExactly("127.0.0.1:" + proxy.getPort());
        }
    }

    @Test
    void connectsOverWebSocket() throws Exception {
        Steps steps = new Steps();
        try (TestDc dc = TestDc.builder().rsaKey(rsa).webSocket(true).build()) {
            InetSocketAddress ws = dc.webSocketAddress();
            ClientConfig cfg = config(dc, Endpoint.of("127.0.0.1", ws.getPort(), dc.dcId()))
                    .webSocket(false)
                    .listener(steps)
                    .build();
            try (TelegramClient client = new TelegramClient(cfg)) {
                assertThat(client.connect().thisDc()).isEqualTo(dc.dcId());
                assertThat(steps.dialed).containsExactly("127.0.0.1:" + ws.getPort());
                assertThat(steps.transports).containsExactly("INTERMEDIATE obfuscated");
                assertThat(dc.connectionCount()).isEqualTo(1);
            }
        }
    }

    @Test
    void plainTcpToTheWebSocketListenerFails() throws Exception {
        try (TestDc dc = TestDc.builder().rsaKey(rsa).webSocket(true).build()) {
            InetSocketAddress ws = dc.webSocketAddress();
            ClientConfig cfg = config(dc, Endpoint.of("127.0.0.1", ws.getPort(), dc.dcId()))
                    .obfuscated(true)
                    .handshakeTimeout(Duration.ofSeconds(4))
                    .build();
            try (TelegramClient client = new TelegramClient(cfg)) {
                assertThatThrownBy(client::connect)
                        .isInstanceOf(java.net.SocketTimeoutException.class)
                        .hasMessage("connecting to 127.0.0.1:" + ws.getPort()
                                + " did not finish the handshake within 4000 ms")
                        // what the step in progress saw when the watchdog closed the connection
                        .hasCauseInstanceOf(java.io.IOException.class);
            }
            assertThat(dc.authKeysCreated()).isZero();
        }
    }

    @Test
    void connectsOverSecureWebSocketTrustingATestCertificate(@TempDir Path dir) throws Exception {
        KeyStore store = selfSignedKeyStore(dir);
        Steps steps = new Steps();
        try (TestDc dc = TestDc.builder().rsaKey(rsa).webSocket(true).build();
                TlsTerminator tls =
                        new TlsTerminator(serverContext(store), dc.webSocketAddress()).start(TlsTerminator.class)) {
            ClientConfig cfg = config(dc, Endpoint.of("127.0.0.1", tls.port(), dc.dcId()))
                    .webSocket(true)
                    .sslContext(clientContext(store))
                    .listener(steps)
                    .build();
            try (TelegramClient client = new TelegramClient(cfg)) {
                assertThat(client.connect().thisDc()).isEqualTo(dc.dcId());
                assertThat(steps.dialed).containsExactly("127.0.0.1:" + tls.port());
                assertThat(tls.accepted()).isEqualTo(1);
                assertThat(dc.connectionCount()).isEqualTo(1);
            }
        }
    }

    @Test
    void secureWebSocketRejectsAnUntrustedCertificate(@TempDir Path dir) throws Exception {
        KeyStore store = selfSignedKeyStore(dir);
        try (TestDc dc = TestDc.builder().rsaKey(rsa).webSocket(true).build();
                TlsTerminator tls =
                        new TlsTerminator(serverContext(store), dc.webSocketAddress()).start(TlsTerminator.class)) {
            ClientConfig cfg = config(dc, Endpoint.of("127.0.0.1", tls.port(), dc.dcId()))
                    .webSocket(true)
                    .build();
            try (TelegramClient client = new TelegramClient(cfg)) {
                assertThatThrownBy(client::connect)
                        .isInstanceOf(IOException.class)
                        .hasStackTraceContaining("javax.net.ssl.SSLHandshakeException");
            }
            assertThat(dc.authKeysCreated()).isZero();
        }
    }

    // ---- helpers ----

    private static KeyStore selfSignedKeyStore(Path dir) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path p12 = dir.resolve("wss.p12");
        Path log = dir.resolve("keytool.log");
        Process p = new ProcessBuilder(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        "wss",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost,ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        p12.toString(),
                        "-storepass",
                        new String(STORE_PASSWORD))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new IOException("keytool did not finish within 60 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("keytool failed (" + p.exitValue() + "): " + Files.readString(log));
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, STORE_PASSWORD);
        }
        return store;
    }

    private static SSLContext serverContext(KeyStore store) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, STORE_PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    private static SSLContext clientContext(KeyStore store) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("wss", store.getCertificate("wss"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /** Relays bytes both ways until either side closes; closes both. */
    private static void pump(Socket from, Socket to) {
        byte[] buf = new byte[8192];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /** Base for the loopback relays: accepts connections, keeps its sockets and threads, closes and joins them. */
    private abstract static class Relay implements AutoCloseable {
        final ServerSocket server;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final List<Thread> threads = new CopyOnWriteArrayList<>();
        private final AtomicInteger accepted = new AtomicInteger();

        Relay(ServerSocket server) {
            this.server = server;
        }

        /** Starts accepting; called once the subclass is fully constructed. */
        <T extends Relay> T start(Class<T> type) {
            threads.add(Thread.ofVirtual().start(this::acceptLoop));
            return type.cast(this);
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                Socket client;
                try {
                    client = server.accept();
                } catch (IOException e) {
                    return;
                }
                accepted.incrementAndGet();
                sockets.add(client);
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        Socket target = open(client);
                        sockets.add(target);
                        threads.add(Thread.ofVirtual().start(() -> pump(target, client)));
                        pump(client, target);
                    } catch (IOException e) {
                        closeQuietly(client);
                    }
                }));
            }
        }

        /** Reads whatever the protocol needs from {@code client} and connects the target. */
        abstract Socket open(Socket client) throws IOException;

        int port() {
            return server.getLocalPort();
        }

        InetSocketAddress address() {
            return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
        }

        int accepted() {
            return accepted.get();
        }

        @Override
        public void close() throws Exception {
            server.close();
            sockets.forEach(MtProxyAndWebSocketFlowTest::closeQuietly);
            for (Thread t : new ArrayList<>(threads)) {
                assertThat(t.join(Duration.ofSeconds(5)))
                        .as("relay thread ended")
                        .isTrue();
            }
        }
    }

    /** Terminates TLS on loopback and forwards the plaintext to {@code target} (a wss front for the ws listener). */
    private static final class TlsTerminator extends Relay {
        private final InetSocketAddress target;

        TlsTerminator(SSLContext context, InetSocketAddress target) throws IOException {
            super(listen(context));
            this.target = target;
        }

        private static ServerSocket listen(SSLContext context) throws IOException {
            SSLServerSocket s = (SSLServerSocket)
                    context.getServerSocketFactory().createServerSocket(0, 4, InetAddress.getLoopbackAddress());
            return s;
        }

        @Override
        Socket open(Socket client) throws IOException {
            return new Socket(target.getAddress(), target.getPort());
        }
    }

    /** A minimal SOCKS5 server (no authentication, CONNECT only) that records the requested targets. */
    private static final class Socks5Relay extends Relay {
        private final List<String> targets = new CopyOnWriteArrayList<>();

        Socks5Relay() throws IOException {
            super(new ServerSocket(0, 4, InetAddress.getLoopbackAddress()));
        }

        List<String> requestedTargets() {
            return targets;
        }

        @Override
        Socket open(Socket client) throws IOException {
            DataInputStream in = new DataInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            if (in.readUnsignedByte() != 5) {
                throw new IOException("not SOCKS5");
            }
            byte[] methods = new byte[in.readUnsignedByte()];
            in.readFully(methods);
            out.write(new byte[] {5, 0});
            out.flush();
            int version = in.readUnsignedByte();
            int command = in.readUnsignedByte();
            in.readUnsignedByte();
            if (version != 5 || command != 1) {
                throw new IOException("expected SOCKS5 CONNECT");
            }
            String host;
            int atyp = in.readUnsignedByte();
            switch (atyp) {
                case 1 -> {
                    byte[] a = new byte[4];
                    in.readFully(a);
                    host = InetAddress.getByAddress(a).getHostAddress();
                }
                case 3 -> {
                    byte[] name = new byte[in.readUnsignedByte()];
                    in.readFully(name);
                    host = new String(name, java.nio.charset.StandardCharsets.US_ASCII);
                }
                case 4 -> {
                    byte[] a = new byte[16];
                    in.readFully(a);
                    host = InetAddress.getByAddress(a).getHostAddress();
                }
                default -> throw new IOException("bad address type " + atyp);
            }
            int port = in.readUnsignedShort();
            targets.add(host + ":" + port);
            Socket target;
            try {
                target = new Socket(InetAddress.getByName(host), port);
            } catch (IOException e) {
                out.write(new byte[] {5, 5, 0, 1, 0, 0, 0, 0, 0, 0});
                out.flush();
                throw e;
            }
            out.write(new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0});
            out.flush();
            return target;
        }
    }
}
