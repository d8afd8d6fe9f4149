package io.mtj.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * Dials TCP directly. Each resolved address (IPv4 or IPv6) is tried in turn until one connects or
 * the overall timeout is spent.
 */
public final class DirectDialer implements Dialer {
    private final Resolver resolver;

    /**
     * Creates a direct dialer.
     *
     * @param resolver resolves unresolved targets; every address it returns is tried in turn
     */
    public DirectDialer(Resolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public Socket dial(InetSocketAddress target, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<InetAddress> addresses =
                target.isUnresolved() ? resolver.resolve(target.getHostString()) : List.of(target.getAddress());
        if (addresses.isEmpty()) {
            throw new UnknownHostException("no address for " + target.getHostString());
        }
        IOException last = null;
        for (InetAddress address : addresses) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.setKeepAlive(true);
                socket.connect(new InetSocketAddress(address, target.getPort()), (int) Math.max(1, left));
                return socket;
            } catch (IOException e) {
                socket.close();
                if (last != null) {
                    e.addSuppressed(last);
                }
                last = e;
            }
        }
        if (last != null) {
            throw last;
        }
        throw new SocketTimeoutException("connect to " + target + " timed out after " + timeout.toMillis() + " ms");
    }
}
