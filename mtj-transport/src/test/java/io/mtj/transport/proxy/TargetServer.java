package io.mtj.transport.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The destination behind the proxies: on each connection it first sends a fixed greeting (bytes the
 * client must receive even though they may arrive together with the proxy's reply), then echoes
 * everything back. Loopback only; close ends every connection and joins its threads.
 */
final class TargetServer implements AutoCloseable {
    private final ServerSocket server;
    private final byte[] greeting;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private TargetServer(ServerSocket server, byte[] greeting) {
        this.server = server;
        this.greeting = greeting.clone();
        this.acceptor = Thread.ofVirtual().name("target-accept").start(this::acceptLoop);
    }

    static TargetServer start(InetAddress bind, byte[] greeting) throws IOException {
        return new TargetServer(new ServerSocket(0, 16, bind), greeting);
    }

    int port() {
        return server.getLocalPort();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    int accepted() {
        return connections.size();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return;
            }
            connections.add(socket);
            threads.add(Thread.ofVirtual().name("target-conn").start(() -> serve(socket)));
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            OutputStream out = socket.getOutputStream();
            out.write(greeting);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // the client went away; nothing to report
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : connections) {
            s.close();
        }
        try {
            acceptor.join(2000);
            for (Thread t : threads) {
                t.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
