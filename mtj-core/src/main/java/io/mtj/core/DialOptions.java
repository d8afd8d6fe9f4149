package io.mtj.core;

import io.mtj.transport.dial.Candidates.IpPreference;
import io.mtj.transport.dial.Cooldown;
import io.mtj.transport.dial.DcAddress;
import io.mtj.transport.dial.DialRace;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a client chooses among a data centre's addresses when it dials directly (no SOCKS5, HTTP or MTProxy proxy, no
 * WebSocket: through those there is one route and nothing to race). The candidates are the configured endpoint, the
 * {@link #addresses() addresses} given here, and, when the endpoint is the DC itself (one of {@link TelegramServers}'
 * addresses, or listed in the DC's own {@code help.getConfig}), the session file's address, the DC's {@code
 * dc_options} and Telegram's embedded list; they are raced happy-eyeballs style ({@link DialRace}) and a failed
 * address cools down in {@link #cooldown()}.
 *
 * <p>Immutable; the {@link Cooldown} inside is shared by every configuration made from this value (the copies a
 * {@link io.mtj.core.dc.DcRouter} makes for other DCs included): whether an address answers is a fact about the
 * network, not about one connection.
 *
 * @param preference which address family first, or IPv4 only; IPv4 first by default, as tdlib does unless told to
 *     prefer IPv6
 * @param stagger how long the running attempts get before the next address is tried too; {@link
 *     DialRace#DEFAULT_STAGGER} (250 ms) by default
 * @param cooldown remembers failed addresses so that the next race tries them last
 * @param addresses further addresses the application knows for its DCs (any DC; only the dialled DC's are used),
 *     tried after the endpoint
 */
public record DialOptions(IpPreference preference, Duration stagger, Cooldown cooldown, List<DcAddress> addresses) {
    /**
     * Checks and copies the components.
     *
     * @throws IllegalArgumentException if {@code stagger} is negative
     */
    public DialOptions {
        Objects.requireNonNull(preference, "preference");
        Objects.requireNonNull(cooldown, "cooldown");
        if (stagger.isNegative()) {
            throw new IllegalArgumentException("dial stagger must not be negative, got " + stagger);
        }
        addresses = List.copyOf(addresses);
    }

    /**
     * IPv4 first, 250 ms stagger, a new {@link Cooldown#standard()} (5 s doubling to 5 min), no further addresses.
     *
     * @return new defaults with a cooldown of their own
     */
    public static DialOptions defaults() {
        return new DialOptions(IpPreference.IPV4_FIRST, DialRace.DEFAULT_STAGGER, Cooldown.standard(), List.of());
    }

    /**
     * These options with another family preference.
     *
     * @param preference IPv4 first, IPv6 first, or IPv4 only
     * @return a copy sharing the cooldown
     */
    public DialOptions withPreference(IpPreference preference) {
        return new DialOptions(preference, stagger, cooldown, addresses);
    }

    /**
     * These options with another stagger.
     *
     * @param stagger zero starts every candidate at once
     * @return a copy sharing the cooldown
     */
    public DialOptions withStagger(Duration stagger) {
        return new DialOptions(preference, stagger, cooldown, addresses);
    }

    /**
     * These options with another cooldown (to share one between clients, or to test with a clock of one's own).
     *
     * @param cooldown the cooldown
     * @return a copy
     */
    public DialOptions withCooldown(Cooldown cooldown) {
        return new DialOptions(preference, stagger, cooldown, addresses);
    }

    /**
     * These options with further addresses to race after the endpoint.
     *
     * @param addresses addresses of any DC; only the dialled DC's are used
     * @return a copy sharing the cooldown
     */
    public DialOptions withAddresses(List<DcAddress> addresses) {
        return new DialOptions(preference, stagger, cooldown, addresses);
    }
}
