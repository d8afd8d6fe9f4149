package io.mtj.core;

import io.mtj.api.telegram.Config;
import io.mtj.core.bootstrap.DcOptions;
import io.mtj.core.storage.SessionState;
import io.mtj.transport.Dialer;
import io.mtj.transport.Endpoint;
import io.mtj.transport.dial.Candidates;
import io.mtj.transport.dial.DcAddress;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The addresses a connect races for the configured DC, best first (the rules are {@link DialOptions}'): through a
 * proxy, an MTProxy or a WebSocket there is one, the endpoint; dialling directly, the endpoint and the application's
 * further addresses, and, when the endpoint is the DC itself, the session file's address, the DC's {@code
 * dc_options} and Telegram's embedded list. "The DC itself" means one of Telegram's listed addresses, or an address
 * the DC's own {@code help.getConfig} lists: an endpoint that is neither (a relay, a port forward, a private front)
 * was chosen by the application, and the client does not go around it to addresses it happens to know.
 */
final class DialCandidates {
    private DialCandidates() {}

    /** Whether the socket goes straight to the DC's addresses: no proxy dialer, no MTProxy, no WebSocket server. */
    static boolean direct(ClientConfig config) {
        return config.dialer() == Dialer.DIRECT
                && config.mtproxy().isEmpty()
                && !config.webSocket()
                && config.httpProxy().isEmpty();
    }

    /**
     * The candidates, ordered by {@link Candidates#order}: that DC's only, media-only ones only for a media endpoint,
     * the configured family preference, cooling addresses last. Never empty: the endpoint stays when every other rule
     * would drop it (an IPv6 endpoint with IPv4 only, say), since the application named it.
     *
     * @param config the client's configuration
     * @param saved the session file's state, if one was read
     * @param serverConfig the DC's last {@code help.getConfig} answer, if any
     */
    static List<DcAddress> of(ClientConfig config, @Nullable SessionState saved, @Nullable Config serverConfig) {
        Endpoint e = config.endpoint();
        DcAddress endpoint = address(e.dcId(), e.host(), e.port(), e.test(), e.media());
        if (!direct(config)) {
            return List.of(endpoint);
        }
        DialOptions dial = config.dialOptions();
        List<DcAddress> all = new ArrayList<>();
        all.add(endpoint);
        all.addAll(dial.addresses());
        List<DcAddress> options = new ArrayList<>();
        if (serverConfig != null) {
            for (DcAddress a : DcOptions.addresses(serverConfig.dcOptions(), e.test())) {
                // a secret goes into the obfuscation header of that address alone: not supported here yet
                if (a.secret() == null && (!a.obfuscatedOnly() || config.obfuscated())) {
                    options.add(a);
                }
            }
        }
        boolean telegram = TelegramServers.find(e.host(), e.port())
                .filter(t -> t.dcId() == e.dcId() && t.test() == e.test())
                .isPresent();
        boolean listed = options.stream().anyMatch(a -> a.dcId() == e.dcId() && same(a, e.host(), e.port()));
        if (telegram || listed) {
            if (saved != null && saved.dcId() == e.dcId()) {
                DcAddress last = address(e.dcId(), saved.host(), saved.port(), e.test(), false);
                if (telegram || options.stream().anyMatch(a -> same(a, saved.host(), saved.port()))) {
                    all.add(last);
                }
            }
            all.addAll(options);
        }
        if (telegram) {
            List<Endpoint> v4 = e.test() ? TelegramServers.TEST_IPV4 : TelegramServers.PRODUCTION_IPV4;
            List<Endpoint> v6 = e.test() ? TelegramServers.TEST_IPV6 : TelegramServers.PRODUCTION_IPV6;
            for (List<Endpoint> list : List.of(v4, v6)) {
                for (Endpoint t : list) {
                    if (t.dcId() == e.dcId()) {
                        all.add(address(t.dcId(), t.host(), t.port(), t.test(), false));
                    }
                }
            }
        }
        // one address spelt two ways (2001:67c:04e8:... in a config, 2001:67c:4e8:... embedded) is raced once
        java.util.Set<String> seen = new java.util.HashSet<>();
        all.removeIf(a -> !seen.add(TelegramServers.canonical(a.host()) + "/" + a.port() + "/" + a.dcId()));
        List<DcAddress> ordered = Candidates.order(all, e.dcId(), e.media(), dial.preference(), dial.cooldown());
        if (ordered.stream().noneMatch(a -> a.key().equals(endpoint.key()))) {
            List<DcAddress> withEndpoint = new ArrayList<>(ordered);
            withEndpoint.add(endpoint);
            return withEndpoint;
        }
        return ordered;
    }

    private static DcAddress address(int dcId, String host, int port, boolean test, boolean media) {
        return new DcAddress(dcId, host, port, test, host.indexOf(':') >= 0, media, false);
    }

    private static boolean same(DcAddress a, String host, int port) {
        return a.port() == port && TelegramServers.canonical(a.host()).equals(TelegramServers.canonical(host));
    }
}
