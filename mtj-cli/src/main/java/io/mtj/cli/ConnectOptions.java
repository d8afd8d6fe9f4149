package io.mtj.cli;

import io.mtj.transport.mtproxy.MtProxyLink;
import io.mtj.transport.proxy.ProxyUri;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The options of {@code mtj connect}.
 *
 * @param dc the data centre to dial; null means start an embedded test DC on loopback
 * @param rsaKey the server's RSA public key (PEM); required with {@code dc}
 * @param proxy a SOCKS5 or HTTP(S) proxy to dial through, or null
 * @param mtProxy an MTProxy to connect through, or null (at most one of proxy and mtProxy is set); needs {@code dc}
 * @param embeddedMtProxy {@code --mtproxy}: the embedded test DC gets an MTProxy listener with a fake-TLS ({@code ee})
 *     secret generated for the run, and the client connects through it
 * @param session where the auth key is kept between runs, or null for none
 */
record ConnectOptions(
        @Nullable DcAddress dc,
        int dcId,
        @Nullable Path rsaKey,
        TransportChoice transport,
        @Nullable ProxyUri proxy,
        @Nullable MtProxyLink mtProxy,
        boolean embeddedMtProxy,
        int apiId,
        String apiHash,
        @Nullable Path session,
        boolean trace,
        boolean verbose,
        Duration timeout) {

    /** The api_id and api_hash sent in initConnection when none are given (any value works for a test DC). */
    static final int DEFAULT_API_ID = 1;

    static final String DEFAULT_API_HASH = "00000000000000000000000000000000";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final int DEFAULT_DC_ID = 2;

    private static final Set<String> VALUED = Set.of(
            "--dc",
            "--dc-id",
            "--rsa-key",
            "--transport",
            "--proxy",
            "--api-id",
            "--api-hash",
            "--session",
            "--timeout");
    private static final Set<String> FLAGS = Set.of("--trace", "--verbose", "--mtproxy");

    static ConnectOptions parse(List<String> args) throws UsageException {
        DcAddress dc = null;
        int dcId = DEFAULT_DC_ID;
        Path rsaKey = null;
        TransportChoice transport = TransportChoice.INTERMEDIATE;
        ProxyUri proxy = null;
        MtProxyLink mtProxy = null;
        int apiId = DEFAULT_API_ID;
        String apiHash = DEFAULT_API_HASH;
        Path session = null;
        boolean trace = false;
        boolean verbose = false;
        boolean embeddedMtProxy = false;
        Duration timeout = DEFAULT_TIMEOUT;
        OptionReader r = new OptionReader("connect", args, VALUED, FLAGS);
        while (r.advance()) {
            switch (r.name()) {
                case "--dc" -> {
                    try {
                        dc = DcAddress.parse(r.value());
                    } catch (IllegalArgumentException e) {
                        throw r.bad(e.getMessage());
                    }
                }
                case "--dc-id" -> dcId = r.intValue(1, 9999);
                case "--rsa-key" -> {
                    rsaKey = Path.of(r.value());
                    if (!Files.isRegularFile(rsaKey) || !Files.isReadable(rsaKey)) {
                        throw r.bad("a readable PEM file");
                    }
                }
                case "--transport" -> {
                    try {
                        transport = TransportChoice.parse(r.value());
                    } catch (IllegalArgumentException e) {
                        throw r.bad(e.getMessage());
                    }
                }
                case "--proxy" -> {
                    String v = r.value();
                    if (isMtProxyLink(v)) {
                        try {
                            mtProxy = MtProxyLink.parse(v);
                        } catch (IllegalArgumentException e) {
                            throw r.bad("an MTProxy link tg://proxy?server=H&port=P&secret=S (" + e.getMessage() + ")");
                        }
                        proxy = null;
                    } else {
                        try {
                            proxy = ProxyUri.parse(v);
                        } catch (IllegalArgumentException e) {
                            throw r.bad("socks5://, socks5h://, http:// or https:// proxy URI, or a tg://proxy link ("
                                    + e.getMessage() + ")");
                        }
                        mtProxy = null;
                    }
                }
                case "--api-id" -> apiId = r.intValue(1, Integer.MAX_VALUE);
                case "--api-hash" -> {
                    String v = r.value().toLowerCase(Locale.ROOT);
                    if (v.length() != 32 || !v.chars().allMatch(HexFormat::isHexDigit)) {
                        throw r.bad("32 hexadecimal digits");
                    }
                    apiHash = v;
                }
                case "--session" -> session = Path.of(r.value());
                case "--timeout" -> {
                    try {
                        timeout = Durations.parse(r.value());
                    } catch (IllegalArgumentException e) {
                        throw r.bad(e.getMessage());
                    }
                }
                case "--trace" -> trace = true;
                case "--verbose" -> verbose = true;
                case "--mtproxy" -> embeddedMtProxy = true;
                default -> throw new IllegalStateException("unhandled option " + r.name());
            }
        }
        if (dc != null && rsaKey == null) {
            throw new UsageException(
                    "mtj connect: --dc " + dc + " needs --rsa-key FILE (the server's RSA public key, PEM)");
        }
        if (dc == null && rsaKey != null) {
            throw new UsageException(
                    "mtj connect: --rsa-key is only for --dc; the embedded test DC brings its own key");
        }
        boolean anyMtProxy = mtProxy != null || embeddedMtProxy;
        if (anyMtProxy && (transport == TransportChoice.FULL || transport == TransportChoice.HTTP)) {
            throw new UsageException("mtj connect: --transport " + transport.text()
                    + " cannot go through an MTProxy (MTProxy needs an obfuscated framing)");
        }
        if (anyMtProxy && transport.webSocket()) {
            throw new UsageException("mtj connect: --transport " + transport.text() + " and "
                    + (mtProxy != null ? "an MTProxy --proxy link" : "--mtproxy")
                    + " cannot be combined: an MTProxy is reached over TCP, choose one");
        }
        if (embeddedMtProxy && mtProxy != null) {
            throw new UsageException("mtj connect: --mtproxy (an MTProxy on the embedded test DC) and an MTProxy"
                    + " --proxy link cannot be combined, choose one");
        }
        if (embeddedMtProxy && dc != null) {
            throw new UsageException("mtj connect: --mtproxy starts an MTProxy on the embedded test DC, so it cannot be"
                    + " used with --dc; for a real DC give --proxy tg://proxy?server=..&port=..&secret=..");
        }
        if (mtProxy != null && dc == null) {
            throw new UsageException("mtj connect: an MTProxy --proxy link needs --dc and --rsa-key (an MTProxy"
                    + " forwards to the DC by its id); --mtproxy tries an MTProxy on the embedded test DC");
        }
        if (transport.secure() && dc == null) {
            throw new UsageException("mtj connect: --transport websocket-secure needs --dc and --rsa-key (the embedded"
                    + " test DC serves plain WebSocket only; use --transport websocket)");
        }
        return new ConnectOptions(
                dc,
                dcId,
                rsaKey,
                transport,
                proxy,
                mtProxy,
                embeddedMtProxy,
                apiId,
                apiHash,
                session,
                trace,
                verbose,
                timeout);
    }

    private static boolean isMtProxyLink(String v) {
        String s = v.strip().toLowerCase(Locale.ROOT);
        return s.startsWith("tg:")
                || s.startsWith("https://t.me/")
                || s.startsWith("http://t.me/")
                || s.startsWith("https://telegram.me/")
                || s.startsWith("https://www.t.me/");
    }
}
