package io.mtj.transport.dial;

import io.mtj.transport.Endpoint;

/**
 * One address of a data centre, as {@code help.getConfig}'s {@code dcOption} or an embedded list
 * gives it.
 *
 * @param ipv6 the host is an IPv6 address
 * @param mediaOnly only for file transfers
 * @param obfuscatedOnly the address serves only obfuscated transports ({@code tcpo_only})
 */
public record DcAddress(
        int dcId, String host, int port, boolean test, boolean ipv6, boolean mediaOnly, boolean obfuscatedOnly) {
    public DcAddress {
        // the checks of Endpoint apply
        new Endpoint(host, port, dcId, test, mediaOnly);
    }

    /** A plain IPv4 or IPv6 production address ({@code ipv6} is inferred from a ':' in the host). */
    public static DcAddress of(int dcId, String host, int port) {
        return new DcAddress(dcId, host, port, false, host.indexOf(':') >= 0, false, false);
    }

    public Endpoint endpoint() {
        return new Endpoint(host, port, dcId, test, mediaOnly);
    }

    /** {@code host:port}, IPv6 hosts in brackets: the key failures are remembered under. */
    public String key() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return "dc " + dcId + " " + key();
    }
}
