package io.mtj.transport;

import java.net.InetSocketAddress;

/**
 * Where a transport connects: a host and port plus the data-centre identity that obfuscated
 * transports put in their header.
 *
 * @param dcId data-centre number (1..5 in production), positive
 * @param test a test-server DC (its header dc id is offset by 10000)
 * @param media a media-only DC (its header dc id is negative)
 */
public record Endpoint(String host, int port, int dcId, boolean test, boolean media) {
    public Endpoint {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("endpoint host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("endpoint port must be 1..65535, got " + port);
        }
        if (dcId < 1 || dcId > 9999) {
            throw new IllegalArgumentException("endpoint dc id must be 1..9999, got " + dcId);
        }
    }

    public static Endpoint of(String host, int port, int dcId) {
        return new Endpoint(host, port, dcId, false, false);
    }

    /** The dc id as written in the obfuscation header: +10000 for test DCs, negated for media. */
    public int headerDcId() {
        int id = test ? dcId + 10000 : dcId;
        return media ? -id : id;
    }

    /** Unresolved, so proxies may resolve the name themselves. */
    public InetSocketAddress address() {
        return InetSocketAddress.createUnresolved(host, port);
    }
}
