package io.mtj.cli;

import io.mtj.transport.Dialer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code --trace}: a {@link Dialer} that puts a loopback tap between the client and the real
 * connection and prints every chunk of bytes crossing it, with direction and framing name.
 *
 * <p>The client gets one end of a loopback socket pair; two virtual threads copy bytes between the
 * other end and the socket the upstream dialer returned. The tap sees the bytes as they go on the
 * wire: frames of the chosen framing, encrypted by the obfuscation layer when there is one. (The
 * client's Config has no frame-level hook yet; this is the seam it offers.)
 */
final class TracingDialer implements Dialer {
    private static final int CHUNK = 64 * 1024;

    private final Dialer upstream;
    private final String framing;
    private final PrintStream out;
    private final ReentrantLock printLock = new ReentrantLock();

    TracingDialer(Dialer upstream, String framing, PrintStream out) {
        this.upstream = upstream;
        this.framing = framing;
        this.out = out;
    }

    @Override
    public Socket dial(InetSocketAddress target, Duration timeout) throws IOException {
        Socket remote = upstream.dial(target, timeout);
        try (ServerSocket tap = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            tap.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
            Socket client = new Socket();
            try {
                client.setTcpNoDelay(true);
                client.connect(tap.getLocalSocketAddress(), (int) Math.max(1, timeout.toMillis()));
                Socket inner = tap.accept();
                inner.setTcpNoDelay(true);
                Thread.ofVirtual().name("mtj-trace-out").start(() -> pump(inner, remote, "->"));
                Thread.ofVirtual().name("mtj-trace-in").start(() -> pump(remote, inner, "<-"));
                return client;
            } catch (IOException | RuntimeException e) {
                client.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            remote.close();
            throw e;
        }
    }

    /** Copies {@code from} to {@code to} until either ends, printing each chunk; then closes both. */
    private void pump(Socket from, Socket to, String direction) {
        byte[] buf = new byte[CHUNK];
        try (from;
                to) {
            InputStream in = from.getInputStream();
            OutputStream o = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                print(direction, buf, n);
                o.write(buf, 0, n);
                o.flush();
            }
        } catch (IOException e) {
            // one side closed; closing both (try-with-resources) ends the other pump too
        }
    }

    private void print(String direction, byte[] buf, int n) {
        printLock.lock();
        try {
            out.println(HexDump.format(direction, framing, buf, 0, n));
            out.flush();
        } finally {
            printLock.unlock();
        }
    }
}
