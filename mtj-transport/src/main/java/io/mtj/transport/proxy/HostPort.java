package io.mtj.transport.proxy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Formatting of socket addresses as {@code host:port} and recognition of IP literals. */
final class HostPort {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private HostPort() {}

    /** {@code host:port}, IPv6 in brackets; the name when there is one, else the address. */
    static String format(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        String host = address.getHostString();
        if (ip instanceof Inet6Address v6 && host.equals(ip.getHostAddress())) {
            host = compact(v6);
        }
        return format(host, address.getPort());
    }

    /** RFC 5952 text of an IPv6 address: lower case, longest zero run as "::", no scope. */
    static String compact(Inet6Address address) {
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    static String format(String host, int port) {
        boolean bare = host.indexOf(':') >= 0 && !host.startsWith("[");
        return (bare ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * The address when {@code host} is an IPv4 or IPv6 literal, else null. Never does a DNS lookup:
     * only strings shaped like literals reach the JDK parser, which then treats them as literals.
     */
    static @Nullable InetAddress literal(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean v6 = h.indexOf(':') >= 0;
        if (!v6 && !IPV4.matcher(h).matches()) {
            return null;
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            boolean ok = (c >= '0' && c <= '9')
                    || c == '.'
                    || (v6 && (c == ':' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
            if (!ok) {
                return null;
            }
        }
        try {
            InetAddress address = InetAddress.getByName(h);
            return v6 == (address instanceof Inet6Address) ? address : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
