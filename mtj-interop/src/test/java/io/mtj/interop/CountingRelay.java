package io.mtj.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain TCP relay on 127.0.0.1 in front of one loopback target, counting the connections it
 * relays: put in front of the test DC's MTProxy listener, it proves a client really went there.
 */
final class CountingRelay implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();

    CountingRelay(InetSocketAddress target) throws IOException {
        if (!target.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("only loopback targets: " + target);
        }
        this.target = target;
        server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("relay-accept").start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections relayed so far. */
    int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread.ofVirtual().name("relay-conn").start(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client;
                Socket upstream = new Socket(target.getAddress(), target.getPort())) {
            open.add(upstream);
            connections.incrementAndGet();
            Thread back = Thread.ofVirtual().name("relay-back").start(() -> pump(upstream, client));
            pump(client, upstream);
            back.join();
        } catch (IOException e) {
            // the peer went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(client);
        }
    }

    private static void pump(Socket from, Socket to) {
        byte[] buf = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // already closing
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
