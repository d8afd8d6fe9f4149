package io.mtj.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/** Name resolution seam, so tests can pin names to loopback addresses. */
@FunctionalInterface
public interface Resolver {
    Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /** Every address of {@code host}, in the order they should be tried; never empty. */
    List<InetAddress> resolve(String host) throws IOException;
}
