package io.mtj.transport.dial;

import io.mtj.transport.Endpoint;
import org.jspecify.annotations.Nullable;

/**
 * One address of a data centre, as {@code help.getConfig}'s {@code dcOption} or an embedded list
 * gives it.
 *
 * @param dcId the data centre's id, 1 to 9999
 * @param host the IP literal or host name, never empty
 * @param port the TCP port, 1 to 65535
 * @param test the address belongs to Telegram's test servers
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
    /**
     * Checks the components as {@link Endpoint} does, and the secret's form.
     *
     * @throws IllegalArgumentException if the host is empty, the port is outside 1 to 65535, the dc id outside 1 to
     *     9999, or the secret is not 32 lower-case hex digits
     */
    public DcAddress {
        // the checks of Endpoint apply
        new Endpoint(host, port, dcId, test, mediaOnly);
        if (secret != null && !secret.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("DC address secret must be 32 lower-case hex digits");
        }
    }

    /**
     * An address without a secret.
     *
     * @param dcId the data centre's id
     * @param host the IP literal or host name
     * @param port the TCP port
     * @param test a test-environment address
     * @param ipv6 the host is an IPv6 address
     * @param mediaOnly only for file transfers
     * @param obfuscatedOnly the address serves only obfuscated transports
     * @throws IllegalArgumentException as the canonical constructor throws it
     */
    public DcAddress(
            int dcId, String host, int port, boolean test, boolean ipv6, boolean mediaOnly, boolean obfuscatedOnly) {
        this(dcId, host, port, test, ipv6, mediaOnly, obfuscatedOnly, null);
    }

    /**
     * Creates a plain IPv4 or IPv6 production address ({@code ipv6} is inferred from a ':' in the host),
     * neither media-only nor obfuscated-only.
     *
     * @param dcId the data centre's id
     * @param host the IP literal or host name
     * @param port the TCP port
     * @return the address
     * @throws IllegalArgumentException as the canonical constructor throws it
     */
    public static DcAddress of(int dcId, String host, int port) {
        return new DcAddress(dcId, host, port, false, host.indexOf(':') >= 0, false, false);
    }

    /**
     * Converts this address to the endpoint a transport connects to.
     *
     * @return a new endpoint with the same host, port, dc id, test and media flags
     */
    public Endpoint endpoint() {
        return new Endpoint(host, port, dcId, test, mediaOnly);
    }

    /**
     * Gives {@code host:port}, IPv6 hosts in brackets: the key failures are remembered under.
     *
     * @return the key, equal for equal host and port whatever the other components
     */
    public String key() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "dc " + dcId + " " + key() + (secret != null ? " (with secret)" : "");
    }
}
