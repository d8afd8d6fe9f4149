package io.mtj.testdc;

import io.mtj.transport.SocketWire;
import io.mtj.transport.Wire;
import io.mtj.transport.codec.FrameCodec;
import io.mtj.transport.mtproxy.FakeTlsServer;
import io.mtj.transport.mtproxy.MtProxySecret;
import io.mtj.transport.mtproxy.ReplayCache;
import io.mtj.transport.server.Accepted;
import io.mtj.transport.server.TransportAcceptor;
import io.mtj.transport.ws.WebSocketHandshake;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The test DC's sockets and threads: the listeners (main, optional ::1, MTProxy, WebSocket), one accept loop per
 * listener, one virtual thread per connection (ping_delay_disconnect deadlines are tasks on the library's one timer,
 * armed by each {@link DcConnection}). It recognises what a
 * connection speaks (TransportAcceptor, fake TLS, WebSocket) and hands the resulting transport to a {@link
 * DcConnection}; it knows nothing of sessions.
 */
final class Listeners {
    private static final System.Logger LOG = System.getLogger(Listeners.class.getName());
    /** How long {@link #close()} waits for the DC's threads. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** How long a connection may stay silent while the DC waits for it to write. */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);

    /** ::1 */
    private static final byte[] IPV6_LOOPBACK = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    /** What a listener speaks below the MTProto transport. */
    enum Kind {
        DIRECT,
        MTPROXY,
        WEBSOCKET
    }

    /** Makes the connection object for an accepted transport. */
    interface ConnectionFactory {
        DcConnection create(Accepted accepted, ByteBudgetWire wire);
    }

    /** Where and how to listen. */
    record Config(
            InetAddress host,
            int port,
            boolean ipv6,
            int backlog,
            @Nullable MtProxySecret proxySecret,
            boolean webSocket,
            InstantSource clock,
            RandomGenerator random) {}

    private final Faults faults;
    private final Connections connections;
    private final ConnectionFactory factory;
    private final RandomGenerator random;
    private final TransportAcceptor acceptor;
    private final @Nullable TransportAcceptor proxyAcceptor;
    private final @Nullable FakeTlsServer fakeTls;
    private final List<ServerSocket> main = new ArrayList<>();
    private @Nullable ServerSocket proxyListener;
    private @Nullable ServerSocket webSocketListener;
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    /** While closed (count 1), the accept loops wait before their next accept: tests fill the listen backlog. */
    private volatile CountDownLatch acceptGate = new CountDownLatch(0);

    Listeners(Config config, Faults faults, Connections connections, ConnectionFactory factory) throws IOException {
        this.faults = faults;
        this.connections = connections;
        this.factory = factory;
        this.random = config.random();
        this.acceptor = TransportAcceptor.builder().random(random).build();
        MtProxySecret secret = config.proxySecret();
        if (secret != null) {
            this.proxyAcceptor = TransportAcceptor.builder()
                    .secret(secret.key())
                    .allowNoSecret(false)
                    .requireObfuscation(true)
                    .random(random)
                    .build();
            this.fakeTls = secret.kind() == MtProxySecret.Kind.FAKE_TLS
                    ? new FakeTlsServer(
                            List.of(secret),
                            config.clock(),
                            FakeTlsServer.DEFAULT_WINDOW,
                            new ReplayCache(4096, FakeTlsServer.DEFAULT_WINDOW.multipliedBy(2)),
                            random)
                    : null;
        } else {
            this.proxyAcceptor = null;
            this.fakeTls = null;
        }
        try {
            main.add(listen(new InetSocketAddress(config.host(), config.port()), config.backlog()));
            if (config.ipv6()) {
                main.add(listen(new InetSocketAddress(InetAddress.getByAddress(IPV6_LOOPBACK), 0), config.backlog()));
            }
            if (secret != null) {
                proxyListener = listen(new InetSocketAddress(config.host(), 0), config.backlog());
            }
            if (config.webSocket()) {
                webSocketListener = listen(new InetSocketAddress(config.host(), 0), config.backlog());
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts the accept loops. */
    void start() {
        for (ServerSocket server : main) {
            startThread("testdc-accept-" + server.getLocalPort(), () -> acceptLoop(server, Kind.DIRECT));
        }
        ServerSocket proxy = proxyListener;
        if (proxy != null) {
            startThread("testdc-accept-mtproxy-" + proxy.getLocalPort(), () -> acceptLoop(proxy, Kind.MTPROXY));
        }
        ServerSocket ws = webSocketListener;
        if (ws != null) {
            startThread("testdc-accept-ws-" + ws.getLocalPort(), () -> acceptLoop(ws, Kind.WEBSOCKET));
        }
    }

    List<InetSocketAddress> addresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (ServerSocket s : main) {
            out.add((InetSocketAddress) s.getLocalSocketAddress());
        }
        return out;
    }

    int port() {
        return main.get(0).getLocalPort();
    }

    @Nullable
    InetSocketAddress mtproxyAddress() {
        ServerSocket s = proxyListener;
        return s == null ? null : (InetSocketAddress) s.getLocalSocketAddress();
    }

    @Nullable
    InetSocketAddress webSocketAddress() {
        ServerSocket s = webSocketListener;
        return s == null ? null : (InetSocketAddress) s.getLocalSocketAddress();
    }

    boolean isClosed() {
        return closed;
    }

    /** Closes the listeners and every connection, and waits (bounded) for the threads. Idempotent. */
    void close() {
        closed = true;
        acceptGate.countDown();
        List<ServerSocket> all = new ArrayList<>(main);
        if (proxyListener != null) {
            all.add(proxyListener);
        }
        if (webSocketListener != null) {
            all.add(webSocketListener);
        }
        for (ServerSocket server : all) {
            try {
                server.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, () -> "closing listener: " + e.getMessage());
            }
        }
        for (DcConnection c : connections.all()) {
            c.close();
        }
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        for (Thread t : List.copyOf(threads)) {
            if (t == Thread.currentThread()) {
                continue;
            }
            t.interrupt();
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    t.join(Duration.ofNanos(left));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    boolean isTerminated() {
        for (Thread t : threads) {
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    private static ServerSocket listen(InetSocketAddress at, int backlog) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(at, backlog);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void startThread(String name, Runnable body) {
        Thread t = Thread.ofVirtual().name(name).unstarted(() -> {
            try {
                body.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        });
        threads.add(t);
        t.start();
    }

    /** Stops accepting (after at most one more connection per listener) until {@link #resumeAccepting()}. */
    void holdAccepting() {
        acceptGate = new CountDownLatch(1);
    }

    void resumeAccepting() {
        acceptGate.countDown();
    }

    private void acceptLoop(ServerSocket server, Kind kind) {
        while (!closed) {
            Socket socket;
            try {
                acceptGate.await();
            } catch (InterruptedException e) {
                break;
            }
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, () -> "test DC accept failed: " + e.getMessage());
                }
                break;
            }
            startThread("testdc-conn-" + socket.getPort(), () -> serve(socket, kind));
        }
    }

    private void serve(Socket socket, Kind kind) {
        DcConnection connection;
        try {
            socket.setTcpNoDelay(true);
            ByteBudgetWire wire =
                    new ByteBudgetWire(new SocketWire(socket, SOCKET_TIMEOUT), faults.closeAfterBytes.get());
            connection = factory.create(accept(wire, kind), wire);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "test DC: transport detection failed: " + e.getMessage());
            closeQuietly(socket);
            return;
        }
        connections.opened(connection);
        if (closed) {
            connection.close();
            return;
        }
        connection.run();
    }

    private Accepted accept(ByteBudgetWire wire, Kind kind) throws IOException {
        switch (kind) {
            case MTPROXY -> {
                TransportAcceptor proxy = Objects.requireNonNull(proxyAcceptor, "proxyAcceptor");
                FakeTlsServer tls = fakeTls;
                Wire below = tls != null ? tls.accept(wire).wire() : wire;
                return proxy.accept(below);
            }
            case WEBSOCKET -> {
                Wire ws = WebSocketHandshake.server(
                        wire, WebSocketHandshake.DEFAULT_PATH, random, FrameCodec.DEFAULT_MAX_FRAME);
                return acceptor.accept(ws);
            }
            default -> {
                return acceptor.accept(wire);
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "closing socket: " + e.getMessage());
        }
    }
}
