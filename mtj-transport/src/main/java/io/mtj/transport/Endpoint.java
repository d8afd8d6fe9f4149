package io.mtj.transport;

import java.net.InetSocketAddress;

/**
 * Where a transport connects: a host and port plus the data-centre identity that obfuscated
 * transports put in their header.
 *
 * @param host the host name or IP literal to dial, never empty
 * @param port the TCP port, 1 to 65535
 * @param dcId data-centre number (1..5 in production), positive
 * @param test a test-server DC (its header dc id is offset by 10000)
 * @param media a media-only DC (its header dc id is negative)
 */
public record Endpoint(String host, int port, int dcId, boolean test, boolean media) {
    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException if the host is empty, the port is outside 1 to 65535 or the dc id outside
     *     1 to 9999
     */
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

    /**
     * Creates a production, non-media endpoint.
     *
     * @param host the host name or IP literal
     * @param port the TCP port
     * @param dcId the data-centre number
     * @return the endpoint
     * @throws IllegalArgumentException as the canonical constructor throws it
     */
    public static Endpoint of(String host, int port, int dcId) {
        return new Endpoint(host, port, dcId, false, false);
    }

    /**
     * Gives the dc id as written in the obfuscation header: +10000 for test DCs, negated for media.
     *
     * @return the header dc id
     */
    public int headerDcId() {
        int id = test ? dcId + 10000 : dcId;
        return media ? -id : id;
    }

    /**
     * Gives the socket address to dial, unresolved so that proxies may resolve the name themselves.
     *
     * @return a new unresolved address
     */
    public InetSocketAddress address() {
        return InetSocketAddress.createUnresolved(host, port);
    }
}
