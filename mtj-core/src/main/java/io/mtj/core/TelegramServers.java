package io.mtj.core;

import io.mtj.crypto.RsaPublicKey;
import io.mtj.transport.Endpoint;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Telegram's public RSA keys and data-centre addresses, the facts every client ships so that it can reach Telegram
 * before it has asked for anything. A client learns the current addresses from {@code help.getConfig}; these are the
 * starting points.
 *
 * <p>The production environment has DCs 1 to 5, the test environment DCs 1 to 3; every listed address takes
 * connections on port 443. A test DC's endpoint is marked {@link Endpoint#test() test}, so an obfuscated transport
 * writes its dc id plus 10000 in the header, as Telegram's test servers expect.
 */
public final class TelegramServers {
    private TelegramServers() {}

    /** The port every listed address accepts MTProto on. */
    public static final int PORT = 443;

    /** The DC a client first connects to when the application does not choose one (as Telegram's own apps do). */
    public static final int DEFAULT_DC = 2;

    /** The key Telegram's production servers sign the key exchange with; fingerprint {@code d09d1d85de64fd85}. */
    public static final RsaPublicKey PRODUCTION_KEY = new RsaPublicKey(
            new BigInteger(
                    "e8bb3305c0b52c6cf2afdf7637313489e63e05268e5badb601af417786472e5f"
                            + "93b85438968e20e6729a301c0afc121bf7151f834436f7fda680847a66bf64ac"
                            + "cec78ee21c0b316f0edafe2f41908da7bd1f4a5107638eeb67040ace472a14f9"
                            + "0d9f7c2b7def99688ba3073adb5750bb02964902a359fe745d8170e36876d4fd"
                            + "8a5d41b2a76cbff9a13267eb9580b2d06d10357448d20d9da2191cb5d8c93982"
                            + "961cdfdeda629e37f1fb09a0722027696032fe61ed663db7a37f6f263d370f69"
                            + "db53a0dc0a1748bdaaff6209d5645485e6e001d1953255757e4b8e42813347b1"
                            + "1da6ab500fd0ace7e6dfa3736199ccaf9397ed0745a427dcfa6cd67bcb1acff3",
                    16),
            BigInteger.valueOf(65537));

    /** The key Telegram's test servers sign the key exchange with; fingerprint {@code b25898df208d2603}. */
    public static final RsaPublicKey TEST_KEY = new RsaPublicKey(
            new BigInteger(
                    "c8c11d635691fac091dd9489aedced2932aa8a0bcefef05fa800892d9b52ed03"
                            + "200865c9e97211cb2ee6c7ae96d3fb0e15aeffd66019b44a08a240cfdd2868a8"
                            + "5e1f54d6fa5deaa041f6941ddf302690d61dc476385c2fa655142353cb4e4b59"
                            + "f6e5b6584db76fe8b1370263246c010c93d011014113ebdf987d093f9d37c2be"
                            + "48352d69a1683f8f6e6c2167983c761e3ab169fde5daaa12123fa1beab621e4d"
                            + "a5935e9c198f82f35eae583a99386d8110ea6bd1abb0f568759f62694419ea5f"
                            + "69847c43462abef858b4cb5edc84e7b9226cd7bd7e183aa974a712c079dde85b"
                            + "9dc063b8a5c08e8f859c0ee5dcd824c7807f20153361a7f63cfd2a433a1be7f5",
                    16),
            BigInteger.valueOf(65537));

    /** Production DCs 1-5 over IPv4, in dc id order. */
    public static final List<Endpoint> PRODUCTION_IPV4 = List.of(
            production(1, "149.154.175.50"),
            production(2, "149.154.167.51"),
            production(3, "149.154.175.100"),
            production(4, "149.154.167.91"),
            production(5, "149.154.171.5"));

    /** Production DCs 1-5 over IPv6, in dc id order. */
    public static final List<Endpoint> PRODUCTION_IPV6 = List.of(
            production(1, "2001:b28:f23d:f001::a"),
            production(2, "2001:67c:4e8:f002::a"),
            production(3, "2001:b28:f23d:f003::a"),
            production(4, "2001:67c:4e8:f004::a"),
            production(5, "2001:b28:f23f:f005::a"));

    /** Test DCs 1-3 over IPv4, in dc id order. */
    public static final List<Endpoint> TEST_IPV4 =
            List.of(test(1, "149.154.175.10"), test(2, "149.154.167.40"), test(3, "149.154.175.117"));

    /** Test DCs 1-3 over IPv6, in dc id order. */
    public static final List<Endpoint> TEST_IPV6 = List.of(
            test(1, "2001:b28:f23d:f001::e"), test(2, "2001:67c:4e8:f002::e"), test(3, "2001:b28:f23d:f003::e"));

    /**
     * Other addresses other clients ship for the same production DCs (older or alternative entry points); they are
     * only used to recognise an address, never dialled by default.
     */
    private static final List<Endpoint> PRODUCTION_ALIASES = List.of(
            production(1, "149.154.175.53"),
            production(2, "149.154.167.50"),
            production(2, "95.161.76.100"),
            production(5, "91.108.56.130"));

    private static final List<List<Endpoint>> ALL =
            List.of(PRODUCTION_IPV4, PRODUCTION_IPV6, TEST_IPV4, TEST_IPV6, PRODUCTION_ALIASES);

    /**
     * The IPv4 endpoint of DC {@code dcId} in the production or the test environment.
     *
     * @throws IllegalArgumentException naming the known ids when there is no such DC
     * @param dcId 1..5 in production, 1..3 on the test servers
     * @param testServers true for Telegram's test environment
     * @return the endpoint, marked {@link Endpoint#test()} for a test DC
     */
    public static Endpoint dc(int dcId, boolean testServers) {
        List<Endpoint> list = testServers ? TEST_IPV4 : PRODUCTION_IPV4;
        for (Endpoint e : list) {
            if (e.dcId() == dcId) {
                return e;
            }
        }
        throw new IllegalArgumentException("Telegram's " + (testServers ? "test" : "production")
                + " servers have no dc " + dcId + "; known ids are 1.." + list.size());
    }

    /**
     * Telegram's key for the production or the test environment.
     *
     * @param testServers true for the test environment
     * @return {@link #TEST_KEY} or {@link #PRODUCTION_KEY}
     */
    public static RsaPublicKey key(boolean testServers) {
        return testServers ? TEST_KEY : PRODUCTION_KEY;
    }

    /**
     * The listed Telegram endpoint at {@code host} (an IPv4 or IPv6 literal, any spelling) and {@code port}, which
     * carries its dc id and environment; empty for any other address.
     *
     * @param host an address literal, IPv6 with or without brackets
     * @param port the port; only {@link #PORT} matches
     * @return the listed endpoint, or empty
     */
    public static Optional<Endpoint> find(String host, int port) {
        if (port != PORT) {
            return Optional.empty();
        }
        String wanted = canonical(host);
        for (List<Endpoint> list : ALL) {
            for (Endpoint e : list) {
                if (canonical(e.host()).equals(wanted)) {
                    return Optional.of(e);
                }
            }
        }
        return Optional.empty();
    }

    private static Endpoint production(int dcId, String host) {
        return new Endpoint(host, PORT, dcId, false, false);
    }

    private static Endpoint test(int dcId, String host) {
        return new Endpoint(host, PORT, dcId, true, false);
    }

    /** An IPv6 literal in full lower-case form (no {@code ::}, no leading zeros dropped); other text lower-cased. */
    static String canonical(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.indexOf(':') < 0) {
            return h;
        }
        int gap = h.indexOf("::");
        String[] head;
        String[] tail;
        if (gap >= 0) {
            head = h.substring(0, gap).isEmpty()
                    ? new String[0]
                    : h.substring(0, gap).split(":");
            String after = h.substring(gap + 2);
            tail = after.isEmpty() ? new String[0] : after.split(":");
        } else {
            head = h.split(":");
            tail = new String[0];
        }
        int missing = 8 - head.length - tail.length;
        if (missing < 0 || (gap < 0 && missing != 0)) {
            return h;
        }
        StringBuilder out = new StringBuilder();
        for (String group : head) {
            append(out, group);
        }
        for (int i = 0; i < missing; i++) {
            append(out, "0");
        }
        for (String group : tail) {
            append(out, group);
        }
        return out.toString();
    }

    private static void append(StringBuilder out, String group) {
        if (!out.isEmpty()) {
            out.append(':');
        }
        out.append("0".repeat(Math.max(0, 4 - group.length()))).append(group);
    }
}
