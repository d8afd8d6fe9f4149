package io.mtj.transport.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Loopback addresses built from bytes (no name lookup, and the host string is the literal). */
final class Loopback {
    static final InetAddress V4 = byAddress(new byte[] {127, 0, 0, 1});
    static final InetAddress V6 = byAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});

    private Loopback() {}

    static InetAddress byAddress(byte[] address) {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 127.0.0.1:port, shown as "127.0.0.1:port" in messages. */
    static InetSocketAddress v4(int port) {
        return new InetSocketAddress(V4, port);
    }

    static InetSocketAddress v6(int port) {
        return new InetSocketAddress(V6, port);
    }
}
