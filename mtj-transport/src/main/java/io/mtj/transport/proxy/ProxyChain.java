package io.mtj.transport.proxy;

import io.mtj.transport.Dialer;
import io.mtj.transport.Resolver;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * An ordered route through several proxies: the first is dialed from here, each next one is reached
 * through the tunnel of the one before, and the last opens the tunnel to the target.
 *
 * @param hops the proxies in the order they are traversed, first dialed first; at least one; copied
 */
public record ProxyChain(List<ProxyUri> hops) {
    private static final Pattern SEPARATORS = Pattern.compile("[,\\s]+");

    /**
     * Checks and copies the hops.
     *
     * @throws ProxyUriException if there is no hop
     * @throws NullPointerException if the list or a hop is null
     */
    public ProxyChain {
        hops = List.copyOf(hops);
        if (hops.isEmpty()) {
            throw new ProxyUriException(
                    ProxyUriException.Part.SYNTAX, "proxy chain is empty, expected at least one URI");
        }
    }

    /**
     * Parses URIs separated by commas and/or whitespace, first hop first.
     *
     * @param text the chain as a user wrote it
     * @return the chain
     * @throws ProxyUriException if the text holds no URI, or a URI is invalid (the message names the hop)
     */
    public static ProxyChain parse(String text) {
        List<String> parts =
                SEPARATORS.splitAsStream(text).filter(part -> !part.isEmpty()).toList();
        return of(parts);
    }

    /**
     * Parses each URI, first hop first; a failure names the hop (1-based).
     *
     * @param uris one proxy URI per hop
     * @return the chain
     * @throws ProxyUriException if the list is empty or a URI is invalid
     */
    public static ProxyChain of(List<String> uris) {
        List<ProxyUri> hops = new ArrayList<>(uris.size());
        for (int i = 0; i < uris.size(); i++) {
            try {
                hops.add(ProxyUri.parse(uris.get(i)));
            } catch (ProxyUriException e) {
                throw new ProxyUriException(
                        e.part(), "proxy chain hop " + (i + 1) + " of " + uris.size() + ": " + e.getMessage());
            }
        }
        return new ProxyChain(hops);
    }

    /**
     * Makes the whole route one dialer whose first hop is reached through {@code upstream}, with the system
     * resolver and the JDK's default TLS context.
     *
     * @param upstream how the first proxy is reached
     * @return a new dialer; nothing is connected until it dials
     */
    public Dialer dialer(Dialer upstream) {
        return dialer(upstream, Resolver.SYSTEM, null);
    }

    /**
     * Makes the whole route one dialer, with a chosen resolver and TLS context.
     *
     * @param upstream how the first proxy is reached
     * @param resolver resolves target names for {@code socks5://} hops
     * @param tls the TLS context for {@code https://} hops; null for the JDK default
     * @return a new dialer; nothing is connected until it dials
     */
    public Dialer dialer(Dialer upstream, Resolver resolver, @Nullable SSLContext tls) {
        Dialer dialer = upstream;
        for (ProxyUri hop : hops) {
            dialer = hop.dialer(dialer, resolver, tls);
        }
        return dialer;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (ProxyUri hop : hops) {
            sb.append(sb.isEmpty() ? "" : " -> ").append(hop);
        }
        return sb.toString();
    }
}
