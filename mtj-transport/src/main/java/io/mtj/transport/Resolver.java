package io.mtj.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/** Name resolution seam, so tests can pin names to loopback addresses. */
@FunctionalInterface
public interface Resolver {
    /**
     * The JDK's resolver ({@link InetAddress#getAllByName(String)}), in the order the system returns.
     */
    Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /**
     * Resolves a host name; may block.
     *
     * @param host the name (or IP literal) to resolve
     * @return every address of {@code host}, in the order they should be tried; never empty
     * @throws java.net.UnknownHostException if the name has no address
     * @throws IOException if resolution fails otherwise
     */
    List<InetAddress> resolve(String host) throws IOException;
}
