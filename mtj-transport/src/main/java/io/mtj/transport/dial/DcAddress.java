package io.mtj.transport.dial;

import io.mtj.transport.Endpoint;
import org.jspecify.annotations.Nullable;

/**
 * One address of a data centre, as {@code help.getConfig}'s {@code dcOption} or an embedded list
 * gives it.
 *
 * @param ipv6 the host is an IPv6 address
 * @param mediaOnly only for file transfers
 * @param obfuscatedOnly the address serves only obfuscated transports ({@code tcpo_only})
 * @param secret the 16-byte secret (hex) the obfuscation header must carry for this address, as the simple config's
 *     {@code ipPortSecret} and {@code dcOption.secret} give it; null for none
 */
public record DcAddress(
        int dcId,
        String host,
        int port,
        boolean test,
        boolean ipv6,
        boolean mediaOnly,
        boolean obfuscatedOnly,
        @Nullable String secret) {
    public DcAddress {
        // the checks of Endpoint apply
        new Endpoint(host, port, dcId, test, mediaOnly);
        if (secret != null && !secret.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("DC address secret must be 32 lower-case hex digits");
        }
    }

    /** An address without a secret. */
    public DcAddress(
            int dcId, String host, int port, boolean test, boolean ipv6, boolean mediaOnly, boolean obfuscatedOnly) {
        this(dcId, host, port, test, ipv6, mediaOnly, obfuscatedOnly, null);
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

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "dc " + dcId + " " + key() + (secret != null ? " (with secret)" : "");
    }
}
