package io.mtj.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * Terminates TLS on a loopback port and passes the plaintext to another local listener: {@code mtj testdc --tls}
 * puts it before the test DC's WebSocket listener, which makes a {@code wss} server. A virtual thread accepts; each
 * connection uses two more, one per direction. Closing it stops accepting; a connection ends when either side
 * closes (the test DC closes its side when it stops).
 */
final class TlsFront implements AutoCloseable {
    private final SSLServerSocket server;
    private final InetSocketAddress target;
    private final Thread acceptor;

    TlsFront(SSLContext context, InetAddress host, InetSocketAddress target) throws IOException {
        this.server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50, host);
        this.target = target;
        this.acceptor = Thread.ofVirtual().name("mtj-tls-front").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread.ofVirtual().name("mtj-tls-front-conn").start(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client;
                Socket upstream = new Socket(target.getAddress(), target.getPort())) {
            Thread back = Thread.ofVirtual().start(() -> pump(upstream, client));
            pump(client, upstream);
            back.join();
        } catch (IOException e) {
            // a failed handshake or a closed peer ends this connection only
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies {@code from} to {@code to} until either ends, then closes both so the other direction ends too. */
    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // either side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(ServerSocket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        acceptor.interrupt();
    }
}
