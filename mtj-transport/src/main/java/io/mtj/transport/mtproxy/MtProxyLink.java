package io.mtj.transport.mtproxy;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An MTProxy as shared in links: {@code tg://proxy?server=H&port=P&secret=S} or {@code
 * https://t.me/proxy?server=H&port=P&secret=S}.
 *
 * <p>{@link #toString()} shows the server, port and secret kind, never the key.
 *
 * @param server the proxy's host name or IP literal; non-empty, without spaces or control characters
 * @param port the proxy's TCP port, 1 to 65535
 * @param secret the proxy's secret, which decides framing and the fake-TLS layer
 */
public record MtProxyLink(String server, int port, MtProxySecret secret) {
    /**
     * Checks the server and port.
     *
     * @throws MtProxyFormatException if the server is empty or has spaces or control characters, or the port
     *     is outside 1 to 65535
     */
    public MtProxyLink {
        if (server.isEmpty() || server.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            throw new MtProxyFormatException(
                    "server", "must be a non-empty host name without spaces, got " + server.length() + " characters");
        }
        if (port < 1 || port > 65535) {
            throw new MtProxyFormatException("port", "expected 1..65535, got " + port);
        }
    }

    /**
     * Parses a {@code tg://proxy?...} or {@code https://t.me/proxy?...} link (also {@code http://},
     * {@code telegram.me}, and {@code tg:proxy?...}).
     *
     * @param link the link as shared; surrounding white space is ignored
     * @return the proxy the link describes
     * @throws MtProxyFormatException naming the part that is missing or wrong
     */
    public static MtProxyLink parse(String link) {
        String text = link.strip();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new MtProxyFormatException("link", "not a URI (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String rawQuery;
        if (scheme.equals("tg")) {
            String ssp = uri.getRawSchemeSpecificPart();
            String rest = ssp.startsWith("//") ? ssp.substring(2) : ssp;
            int q = rest.indexOf('?');
            String target = q < 0 ? rest : rest.substring(0, q);
            if (!target.equalsIgnoreCase("proxy")) {
                throw new MtProxyFormatException("link", "expected tg://proxy, got tg://" + target);
            }
            rawQuery = q < 0 ? "" : rest.substring(q + 1);
        } else if (scheme.equals("https") || scheme.equals("http")) {
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            if (!host.equals("t.me") && !host.equals("telegram.me") && !host.equals("www.t.me")) {
                throw new MtProxyFormatException("link", "expected host t.me or telegram.me, got " + host);
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            if (!path.equals("/proxy")) {
                throw new MtProxyFormatException("link", "expected path /proxy, got " + path);
            }
            rawQuery = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        } else {
            throw new MtProxyFormatException("link", "expected scheme tg, https or http, got '" + scheme + "'");
        }
        Map<String, String> params = query(rawQuery);
        String server = params.get("server");
        if (server == null || server.isEmpty()) {
            throw new MtProxyFormatException("server", "missing (no server= parameter)");
        }
        String portText = params.get("port");
        if (portText == null || portText.isEmpty()) {
            throw new MtProxyFormatException("port", "missing (no port= parameter)");
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new MtProxyFormatException("port", "expected a number 1..65535, got '" + portText + "'");
        }
        String secret = params.get("secret");
        if (secret == null || secret.isEmpty()) {
            throw new MtProxyFormatException("secret", "missing (no secret= parameter)");
        }
        return new MtProxyLink(server, port, MtProxySecret.parse(secret));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        for (String pair : raw.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            // '+' is literal here: base64 secrets use it, and links are not form-encoded.
            String decoded;
            try {
                decoded = URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new MtProxyFormatException("link", "bad percent-escape in parameter '" + name + "'");
            }
            out.putIfAbsent(name.toLowerCase(Locale.ROOT), decoded);
        }
        return out;
    }

    /**
     * Formats the link as {@code tg://proxy?server=...&port=...&secret=<hex>}.
     *
     * @return the link, which contains the secret; {@link #parse(String)} reads it back
     */
    public String toTgUri() {
        return "tg://proxy?" + queryString();
    }

    /**
     * Formats the link as {@code https://t.me/proxy?server=...&port=...&secret=<hex>}.
     *
     * @return the link, which contains the secret; {@link #parse(String)} reads it back
     */
    public String toHttpsUri() {
        return "https://t.me/proxy?" + queryString();
    }

    private String queryString() {
        return "server=" + URLEncoder.encode(server, StandardCharsets.UTF_8) + "&port=" + port + "&secret="
                + secret.toHex();
    }

    @Override
    public String toString() {
        return "MtProxyLink[" + server + ":" + port + ", " + secret + "]";
    }
}
