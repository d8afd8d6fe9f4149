package io.mtj.testdc.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback TCP relay for one connection that records every byte the client sends upstream. Its threads end when
 * either side closes; {@link #close()} closes everything and joins them.
 */
final class RecordingRelay implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final ByteArrayOutputStream recorded = new ByteArrayOutputStream();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();

    RecordingRelay(InetSocketAddress upstream) throws IOException {
        this.upstream = upstream;
        this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        threads.add(Thread.ofVirtual().start(this::accept));
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        try {
            Socket client = server.accept();
            Socket target = new Socket(upstream.getAddress(), upstream.getPort());
            addSockets(client, target);
            Thread up = Thread.ofVirtual().start(() -> pump(client, target, true));
            Thread down = Thread.ofVirtual().start(() -> pump(target, client, false));
            addThreads(up, down);
        } catch (IOException e) {
            // closed before a client came
        }
    }

    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();

    private void addSockets(Socket a, Socket b) {
        lock.lock();
        try {
            sockets.add(a);
            sockets.add(b);
        } finally {
            lock.unlock();
        }
    }

    private void addThreads(Thread a, Thread b) {
        lock.lock();
        try {
            threads.add(a);
            threads.add(b);
        } finally {
            lock.unlock();
        }
    }

    private void pump(Socket from, Socket to, boolean record) {
        byte[] buf = new byte[8192];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (record) {
                    lock.lock();
                    try {
                        recorded.write(buf, 0, n);
                    } finally {
                        lock.unlock();
                    }
                }
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

    byte[] recorded() {
        lock.lock();
        try {
            return recorded.toByteArray();
        } finally {
            lock.unlock();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // ignore
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
        List<Thread> all;
        lock.lock();
        try {
            sockets.forEach(RecordingRelay::closeQuietly);
            all = List.copyOf(threads);
        } finally {
            lock.unlock();
        }
        for (Thread t : all) {
            t.join(5000);
        }
    }
}
