package io.mtj.transport;

import io.mtj.transport.server.Accepted;
import io.mtj.transport.server.TransportAcceptor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A loopback (127.0.0.1) test server: accepts connections, detects their framing with a {@link
 * TransportAcceptor} and runs a handler on a virtual thread per connection. {@link #close} closes
 * everything and fails if a thread or socket it started is still alive.
 */
public final class LoopbackServer implements AutoCloseable {
    /** What a connection handler does with the accepted transport. */
    @FunctionalInterface
    public interface Handler {
        void handle(Accepted accepted) throws Exception;
    }

    private final ServerSocket serverSocket;
    private final Thread acceptThread;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Object> outcomes = new LinkedBlockingQueue<>();

    public LoopbackServer(TransportAcceptor acceptor, Handler handler) throws IOException {
        this(acceptor, handler, 0);
    }

    /** @param receiveBuffer SO_RCVBUF for accepted sockets, 0 for the default */
    public LoopbackServer(TransportAcceptor acceptor, Handler handler, int receiveBuffer) throws IOException {
        serverSocket = new ServerSocket();
        if (receiveBuffer > 0) {
            serverSocket.setReceiveBufferSize(receiveBuffer);
        }
        serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        acceptThread = Thread.ofPlatform().name("mtj-test-accept").daemon().start(() -> {
            int n = 0;
            while (!serverSocket.isClosed()) {
                Socket s;
                try {
                    s = serverSocket.accept();
                } catch (IOException e) {
                    return;
                }
                sockets.add(s);
                threads.add(Thread.ofVirtual().name("mtj-test-conn-" + n++).start(() -> {
                    try {
                        Accepted a = acceptor.accept(s);
                        try {
                            handler.handle(a);
                            outcomes.add(a);
                        } finally {
                            a.transport().close();
                        }
                    } catch (Throwable t) {
                        outcomes.add(t);
                    }
                }));
            }
        });
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    public Endpoint endpoint(int dcId) {
        return Endpoint.of("127.0.0.1", port(), dcId);
    }

    /** The next connection's outcome: its {@link Accepted} when the handler returned, else what it threw. */
    public Object nextOutcome() throws InterruptedException {
        Object o = outcomes.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        if (o == null) {
            throw new AssertionError("no connection finished within 10 s");
        }
        return o;
    }

    @Override
    public void close() throws Exception {
        serverSocket.close();
        acceptThread.join(2000);
        for (Socket s : sockets) {
            s.close();
        }
        for (Thread t : threads) {
            t.join(2000);
        }
        if (acceptThread.isAlive()) {
            throw new AssertionError("accept thread still alive");
        }
        for (Thread t : threads) {
            if (t.isAlive()) {
                throw new AssertionError("connection thread " + t.getName() + " still alive");
            }
        }
        for (Socket s : sockets) {
            if (!s.isClosed()) {
                throw new AssertionError("accepted socket still open");
            }
        }
    }

    /** Waits until the write watchdog has no wire to watch and its periodic check is no longer scheduled. */
    public static void awaitWatchdogIdle() throws InterruptedException {
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (WriteWatchdog.INSTANCE.isRunning()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("write watchdog still running: a SocketWire was left open");
            }
            Thread.sleep(20);
        }
    }
}
