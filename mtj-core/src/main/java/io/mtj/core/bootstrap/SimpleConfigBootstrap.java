package io.mtj.core.bootstrap;

import static io.mtj.core.bootstrap.SimpleConfigException.Reason.EXPIRED;

import io.mtj.api.mtproto.AccessPointRule;
import io.mtj.api.mtproto.HelpConfigSimple;
import io.mtj.api.mtproto.IpPort;
import io.mtj.api.mtproto.IpPortSecret;
import io.mtj.api.mtproto.IpPortType;
import io.mtj.crypto.RsaPublicKey;
import io.mtj.transport.dial.DcAddress;
import io.mtj.transport.dial.DialAttempt;
import io.mtj.transport.dial.DialFailedException;
import io.mtj.transport.dial.DialRace;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The last resort when every known address of a DC has failed: fetch the simple config from each {@link
 * ConfigSource} in turn, keep the first that decodes, verifies under the key and has not expired, and race the
 * addresses it gives for the DC. Immutable and thread-safe.
 */
public final class SimpleConfigBootstrap {
    private final List<ConfigSource> sources;
    private final RsaPublicKey key;
    private final InstantSource clock;

    /**
     * A bootstrap asking {@code sources} in order.
     *
     * @param sources where the config's text comes from, asked in this order
     * @param key the RSA key the config must verify under
     * @param clock the clock its expiry is checked against
     * @throws IllegalArgumentException if there is no source
     */
    public SimpleConfigBootstrap(List<ConfigSource> sources, RsaPublicKey key, InstantSource clock) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("simple config bootstrap needs at least one source");
        }
        this.sources = List.copyOf(sources);
        this.key = key;
        this.clock = clock;
    }

    /**
     * tdlib's two DNS-over-HTTPS resolvers, Telegram's key, the system clock, 10 s per source.
     *
     * @param testServers whether to ask for the test servers' config
     * @return the bootstrap
     */
    public static SimpleConfigBootstrap telegram(boolean testServers) {
        String domain = testServers ? DnsOverHttpsSource.TEST_DOMAIN : DnsOverHttpsSource.PRODUCTION_DOMAIN;
        Duration timeout = Duration.ofSeconds(10);
        return new SimpleConfigBootstrap(
                List.of(
                        new DnsOverHttpsSource(DnsOverHttpsSource.GOOGLE, domain, timeout, null),
                        new DnsOverHttpsSource(DnsOverHttpsSource.CLOUDFLARE, domain, timeout, null)),
                SimpleConfigCodec.TELEGRAM_KEY,
                InstantSource.system());
    }

    /**
     * Fetches the config from each source in turn.
     *
     * @return the first config that decodes, verifies and has not expired
     * @throws IOException when every source fails: the last failure, with the others suppressed
     */
    public HelpConfigSimple fetch() throws IOException {
        IOException failure = null;
        for (ConfigSource source : sources) {
            try {
                HelpConfigSimple config = SimpleConfigCodec.decode(source.fetch(), key);
                long now = clock.instant().getEpochSecond();
                if (Integer.toUnsignedLong(config.expires()) < now) {
                    throw new SimpleConfigException(
                            EXPIRED,
                            "simple config from " + source + " expired at "
                                    + Instant.ofEpochSecond(Integer.toUnsignedLong(config.expires())) + ", "
                                    + (now - Integer.toUnsignedLong(config.expires())) + " s before the local clock's "
                                    + Instant.ofEpochSecond(now));
                }
                return config;
            } catch (IOException e) {
                IOException named = e instanceof SimpleConfigException s && s.reason() != EXPIRED
                        ? new SimpleConfigException(s.reason(), source + ": " + s.getMessage(), s)
                        : e;
                if (failure != null) {
                    named.addSuppressed(failure);
                }
                failure = named;
            }
        }
        throw java.util.Objects.requireNonNull(failure);
    }

    /**
     * The addresses {@code config} gives for {@code dcId}; an {@code ipPortSecret} becomes an obfuscated-only address
     * carrying its secret.
     *
     * @param config a verified simple config
     * @param dcId the DC whose addresses are wanted
     * @param test whether they are test-server addresses
     * @return the addresses, in the config's order
     */
    public static List<DcAddress> addresses(HelpConfigSimple config, int dcId, boolean test) {
        List<DcAddress> out = new ArrayList<>();
        for (AccessPointRule rule : config.rules()) {
            if (rule.dcId() != dcId) {
                continue;
            }
            for (IpPortType ip : rule.ips()) {
                if (ip instanceof IpPort p) {
                    out.add(new DcAddress(dcId, ipv4(p.ipv4()), p.port(), test, false, false, false));
                } else if (ip instanceof IpPortSecret p && p.secret().length == 16) {
                    out.add(new DcAddress(
                            dcId,
                            ipv4(p.ipv4()),
                            p.port(),
                            test,
                            false,
                            false,
                            true,
                            java.util.HexFormat.of().formatHex(p.secret())));
                }
            }
        }
        return out;
    }

    /** An {@code ipPort.ipv4} as dotted quad: the int's big-endian bytes, as tdlib prints it. */
    static String ipv4(int v) {
        return (v >>> 24) + "." + ((v >>> 16) & 255) + "." + ((v >>> 8) & 255) + "." + (v & 255);
    }

    /**
     * Races {@code known}; when every one fails, fetches the simple config and races the new addresses it gives for
     * {@code dcId}. Fails with the race's {@link DialFailedException} (the bootstrap's failure suppressed) when that
     * does not help either.
     *
     * @param <T> what a won attempt yields (a connected transport)
     * @param race the race to run
     * @param known the addresses already known
     * @param dcId the DC to reach
     * @param test whether it is a test server
     * @param attempt how one address is tried
     * @param timeout the bound on each race
     * @return the winning attempt
     * @throws IOException when neither the known addresses nor the config's could be reached
     * @throws InterruptedException if interrupted while racing or fetching
     */
    public <T> DialRace.Won<T> dial(
            DialRace race, List<DcAddress> known, int dcId, boolean test, DialAttempt<T> attempt, Duration timeout)
            throws IOException, InterruptedException {
        try {
            return race.run(known, attempt, timeout);
        } catch (DialFailedException failed) {
            List<DcAddress> found;
            try {
                found = addresses(fetch(), dcId, test);
            } catch (IOException e) {
                failed.addSuppressed(e);
                throw failed;
            }
            Set<String> tried = new LinkedHashSet<>();
            known.forEach(a -> tried.add(a.key()));
            List<DcAddress> fresh =
                    found.stream().filter(a -> !tried.contains(a.key())).toList();
            if (fresh.isEmpty()) {
                failed.addSuppressed(new IOException(
                        "the simple config gives no new address for dc " + dcId + " (" + found.size() + " known)"));
                throw failed;
            }
            try {
                return race.run(fresh, attempt, timeout);
            } catch (DialFailedException again) {
                again.addSuppressed(failed);
                throw again;
            }
        }
    }
}
