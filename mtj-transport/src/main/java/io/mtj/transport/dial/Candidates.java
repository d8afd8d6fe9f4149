package io.mtj.transport.dial;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Orders a data centre's addresses for a dial race: only that DC's, media-only ones only when asked
 * for (and then first), IPv6 left out unless allowed, duplicates dropped, the two families
 * interleaved starting with the preferred one (RFC 8305 section 4), and addresses still cooling
 * down after a failure moved to the end, the one that recovers soonest first.
 */
public final class Candidates {
    /** Which address family to try first, or whether IPv6 is used at all. */
    public enum IpPreference {
        /**
         * Interleave the families, IPv4 first.
         */
        IPV4_FIRST,
        /**
         * Interleave the families, IPv6 first.
         */
        IPV6_FIRST,
        /**
         * Leave IPv6 addresses out.
         */
        IPV4_ONLY
    }

    private Candidates() {}

    /**
     * Orders a data centre's addresses for a dial race, following the rules above.
     *
     * @param all every known address, of any DC; not changed
     * @param dcId the data centre to dial
     * @param media whether media-only addresses may be used (they then come first)
     * @param preference which family to try first, or IPv4 only
     * @param cooldown moves addresses still cooling down to the end
     * @return a new list, possibly empty when the DC has no usable address
     */
    public static List<DcAddress> order(
            List<DcAddress> all, int dcId, boolean media, IpPreference preference, Cooldown cooldown) {
        Map<String, DcAddress> unique = new LinkedHashMap<>();
        for (DcAddress a : all) {
            if (a.dcId() != dcId || (a.mediaOnly() && !media)) {
                continue;
            }
            if (a.ipv6() && preference == IpPreference.IPV4_ONLY) {
                continue;
            }
            unique.putIfAbsent(a.key(), a);
        }
        List<DcAddress> list = new ArrayList<>(unique.values());
        if (media) {
            list.sort(Comparator.comparing(a -> !a.mediaOnly())); // stable: media-only first
        }
        List<DcAddress> v6 = list.stream().filter(DcAddress::ipv6).toList();
        List<DcAddress> v4 = list.stream().filter(a -> !a.ipv6()).toList();
        List<DcAddress> first = preference == IpPreference.IPV6_FIRST ? v6 : v4;
        List<DcAddress> second = preference == IpPreference.IPV6_FIRST ? v4 : v6;
        List<DcAddress> interleaved = new ArrayList<>();
        for (int i = 0; i < Math.max(first.size(), second.size()); i++) {
            if (i < first.size()) {
                interleaved.add(first.get(i));
            }
            if (i < second.size()) {
                interleaved.add(second.get(i));
            }
        }
        List<DcAddress> fresh = new ArrayList<>();
        List<DcAddress> cooling = new ArrayList<>();
        for (DcAddress a : interleaved) {
            (cooldown.coolingUntil(a).isPresent() ? cooling : fresh).add(a);
        }
        cooling.sort(Comparator.comparing(a -> cooldown.coolingUntil(a).orElse(Instant.MIN)));
        fresh.addAll(cooling);
        return fresh;
    }
}
