package io.mtj.testdc.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP relay for any number of connections that counts the connections it accepted, so a test can prove
 * traffic went through the hop it stands in front of. {@link #close()} closes every socket and joins the threads
 * (bounded).
 */
final class CountingRelay implements AutoCloseable {
    private final String name;
    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    CountingRelay(String name, InetSocketAddress upstream) throws IOException {
        this.name = name;
        this.upstream = upstream;
        this.server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        threads.add(Thread.ofVirtual().name("relay-" + name).start(this::acceptLoop));
    }

    String name() {
        return name;
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    int accepted() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            sockets.add(client);
            Socket target = new Socket();
            sockets.add(target);
            try {
                target.connect(upstream, 5_000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(target);
                continue;
            }
            threads.add(Thread.ofVirtual().start(() -> pump(client, target)));
            threads.add(Thread.ofVirtual().start(() -> pump(target, client)));
        }
    }

    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // either side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        for (Thread t : threads) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
