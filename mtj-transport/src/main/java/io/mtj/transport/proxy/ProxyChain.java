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
 * @param hops at least one
 */
public record ProxyChain(List<ProxyUri> hops) {
    private static final Pattern SEPARATORS = Pattern.compile("[,\\s]+");

    public ProxyChain {
        hops = List.copyOf(hops);
        if (hops.isEmpty()) {
            throw new ProxyUriException(
                    ProxyUriException.Part.SYNTAX, "proxy chain is empty, expected at least one URI");
        }
    }

    /** Parses URIs separated by commas and/or whitespace, first hop first. */
    public static ProxyChain parse(String text) {
        List<String> parts =
                SEPARATORS.splitAsStream(text).filter(part -> !part.isEmpty()).toList();
        return of(parts);
    }

    /** Parses each URI, first hop first; a failure names the hop (1-based). */
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

    /** The whole route as one dialer whose first hop is reached through {@code upstream}. */
    public Dialer dialer(Dialer upstream) {
        return dialer(upstream, Resolver.SYSTEM, null);
    }

    /**
     * @param resolver resolves target names for {@code socks5://} hops
     * @param tls the TLS context for {@code https://} hops; null for the JDK default
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
