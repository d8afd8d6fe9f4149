package io.mtj.transport.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The destination behind the proxies: on each connection it first sends a fixed greeting (bytes the
 * client must receive even though they may arrive together with the proxy's reply), then echoes
 * everything back. Loopback only; close ends every connection and joins its threads.
 */
final class TargetServer implements AutoCloseable {
    private final List<ServerSocket> servers;
    private final byte[] greeting;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    private TargetServer(List<ServerSocket> servers, byte[] greeting) {
        this.servers = servers;
        this.greeting = greeting.clone();
        for (ServerSocket server : servers) {
            threads.add(Thread.ofVirtual().name("target-accept").start(() -> acceptLoop(server)));
        }
    }

    /** Listens on {@code bind} only. */
    static TargetServer start(InetAddress bind, byte[] greeting) throws IOException {
        return new TargetServer(List.of(new ServerSocket(0, 16, bind)), greeting);
    }

    /**
     * Listens on 127.0.0.1 and ::1 with the same port, so a proxy that resolves "localhost" reaches
     * it whichever address family it picks.
     */
    static TargetServer startOnBothLoopbacks(byte[] greeting) throws IOException {
        InetAddress v4 = Loopback.V4;
        InetAddress v6 = Loopback.V6;
        for (int attempt = 0; attempt < 20; attempt++) {
            ServerSocket first = new ServerSocket(0, 16, v4);
            try {
                ServerSocket second = new ServerSocket(first.getLocalPort(), 16, v6);
                return new TargetServer(new ArrayList<>(List.of(first, second)), greeting);
            } catch (BindException taken) {
                first.close();
            }
        }
        throw new BindException("no port free on both 127.0.0.1 and ::1 after 20 attempts");
    }

    int port() {
        return servers.get(0).getLocalPort();
    }

    private void acceptLoop(ServerSocket server) {
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
        for (ServerSocket server : servers) {
            server.close();
        }
        for (Socket s : connections) {
            s.close();
        }
        try {
            for (Thread t : threads) {
                t.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
