package io.mtj.cli;

import io.mtj.core.TelegramServers;
import io.mtj.transport.Endpoint;
import io.mtj.transport.mtproxy.MtProxyLink;
import io.mtj.transport.proxy.ProxyUri;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The options of {@code mtj connect}.
 *
 * @param dc the data centre to dial; null means Telegram's DC {@code dcId} with {@code telegram}, else an embedded test
 *     DC on loopback
 * @param telegram whether the target is one of Telegram's DCs ({@code --telegram}, or {@code --dc} naming a listed
 *     address), whose embedded key is trusted unless {@code rsaKey} is given
 * @param testServers Telegram's test environment ({@code --test-servers}, or a listed test address given to {@code --dc})
 * @param rsaKey the server's RSA public key (PEM); required with a {@code dc} that is not one of Telegram's
 * @param proxy a SOCKS5 or HTTP(S) proxy to dial through, or null
 * @param mtProxy an MTProxy to connect through, or null (at most one of proxy and mtProxy is set); needs {@code dc}
 * @param embeddedMtProxy {@code --mtproxy}: the embedded test DC gets an MTProxy listener with a fake-TLS ({@code ee})
 *     secret generated for the run, and the client connects through it
 * @param session where the auth key is kept between runs, or null for none
 */
record ConnectOptions(
        @Nullable DcAddress dc,
        int dcId,
        boolean telegram,
        boolean testServers,
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
        Duration timeout,
        @Nullable Path trustCert,
        boolean json) {

    /** The api_id and api_hash sent in initConnection when none are given (any value works for a test DC). */
    static final int DEFAULT_API_ID = 1;

    static final String DEFAULT_API_HASH = "00000000000000000000000000000000";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final int DEFAULT_DC_ID = 2;

    /** Every option of {@code mtj connect}, in the order its help lists them. */
    static final List<Option> OPTIONS = List.of(
            Option.flag("--telegram", """
                    dial Telegram's DC --dc-id at its listed address, trusting
                    Telegram's embedded RSA key (real Telegram needs a real
                    --api-id and --api-hash)"""),
            Option.flag("--test-servers", "with --telegram: Telegram's test DCs 1..3 and their key"),
            Option.valued("--dc", "HOST:PORT", """
                    the data centre to dial ([::1]:443 for IPv6); with
                    websocket(-secure) the WebSocket server, path /apiws;
                    one of Telegram's listed addresses sets --dc-id and the key"""),
            Option.valued("--dc-id", "N", "its dc id, 1..9999 (default " + DEFAULT_DC_ID + ")"),
            Option.valued("--rsa-key", "FILE", """
                    its RSA public key, PEM (required with a --dc that is not
                    one of Telegram's)"""),
            Option.valued(
                    "--transport",
                    "NAME",
                    TransportChoice.allNames() + "\n(default intermediate; websocket-secure needs --dc)"),
            Option.valued("--proxy", "URI", """
                    socks5://[user:pass@]host:port, socks5h://..., http://...,
                    https://..., or an MTProxy link tg://proxy?server=..&port=..&secret=..
                    or https://t.me/proxy?... (an MTProxy link needs --dc or --telegram)"""),
            Option.flag("--mtproxy", """
                    connect through an MTProxy on the embedded test DC, with an ee
                    (fake-TLS) secret generated for the run and printed as a tg:// link"""),
            Option.valued("--trust-cert", "FILE", """
                    trust the certificate(s) in this PEM file (instead of the JDK's
                    trust store) for a wss server or an https:// proxy, such as the
                    self-signed one mtj testdc --tls prints"""),
            Option.valued("--api-id", "N", "api_id sent in initConnection (default " + DEFAULT_API_ID + ")"),
            Option.valued("--api-hash", "HEX", "api_hash, 32 hexadecimal digits"),
            Option.valued("--session", "FILE", "keep the auth key in FILE and reuse it next time"),
            Option.flag("--trace", "print every frame in hex with its direction and framing"),
            Option.valued(
                    "--timeout",
                    "DURATION",
                    "give up after DURATION: 500ms, 10s, 2m (default " + DEFAULT_TIMEOUT.toSeconds() + "s)"),
            Option.flag("--json", "print the steps and the result (or the failure) as one JSON document"),
            Option.VERBOSE);

    static ConnectOptions parse(List<String> args) throws UsageException {
        DcAddress dc = null;
        int dcId = DEFAULT_DC_ID;
        boolean dcIdGiven = false;
        boolean telegram = false;
        boolean testServers = false;
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
        Path trustCert = null;
        boolean json = false;
        OptionReader r = new OptionReader("connect", args, OPTIONS);
        while (r.advance()) {
            switch (r.name()) {
                case "--dc" -> {
                    try {
                        dc = DcAddress.parse(r.value());
                    } catch (IllegalArgumentException e) {
                        throw r.bad(e.getMessage());
                    }
                }
                case "--dc-id" -> {
                    dcId = r.intValue(1, 9999);
                    dcIdGiven = true;
                }
                case "--telegram" -> telegram = true;
                case "--test-servers" -> testServers = true;
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
                case "--trust-cert" -> {
                    trustCert = Path.of(r.value());
                    if (!Files.isRegularFile(trustCert) || !Files.isReadable(trustCert)) {
                        throw r.bad("a readable PEM file with one or more certificates");
                    }
                }
                case "--json" -> json = true;
                case "--trace" -> trace = true;
                case "--verbose" -> verbose = true;
                case "--mtproxy" -> embeddedMtProxy = true;
                default -> throw new IllegalStateException("unhandled option " + r.name());
            }
        }
        if (telegram && dc != null) {
            throw new UsageException("mtj connect: --telegram and --dc " + dc + " cannot be combined: --telegram dials"
                    + " Telegram's listed address for --dc-id, --dc dials the address given");
        }
        if (testServers && !telegram) {
            throw new UsageException("mtj connect: --test-servers chooses Telegram's test DCs, so it needs --telegram");
        }
        if (dc != null) {
            Optional<Endpoint> known = TelegramServers.find(dc.host(), dc.port());
            if (known.isPresent()) {
                Endpoint k = known.get();
                if (dcIdGiven && dcId != k.dcId()) {
                    throw new UsageException(
                            "mtj connect: --dc " + dc + " is Telegram's " + (k.test() ? "test" : "production") + " dc "
                                    + k.dcId() + ", but --dc-id " + dcId + " was given");
                }
                dcId = k.dcId();
                telegram = true;
                testServers = k.test();
            } else if (rsaKey == null) {
                throw new UsageException(
                        "mtj connect: --dc " + dc + " needs --rsa-key FILE (the server's RSA public key,"
                                + " PEM); only Telegram's listed addresses come with a known key");
            }
        }
        if (telegram && !testServers && dcId > TelegramServers.PRODUCTION_IPV4.size()
                || telegram && testServers && dcId > TelegramServers.TEST_IPV4.size()) {
            throw new UsageException("mtj connect: --dc-id " + dcId + " is not one of Telegram's "
                    + (testServers ? "test DCs (1..3)" : "production DCs (1..5)"));
        }
        if (dc == null && !telegram && rsaKey != null) {
            throw new UsageException("mtj connect: --rsa-key is only for --dc or --telegram; the embedded test DC"
                    + " brings its own key");
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
        if (embeddedMtProxy && (dc != null || telegram)) {
            throw new UsageException("mtj connect: --mtproxy starts an MTProxy on the embedded test DC, so it cannot be"
                    + " used with " + (dc != null ? "--dc" : "--telegram")
                    + "; for a real DC give --proxy tg://proxy?server=..&port=..&secret=..");
        }
        if (mtProxy != null && dc == null && !telegram) {
            throw new UsageException("mtj connect: an MTProxy --proxy link needs --telegram or --dc and --rsa-key (an"
                    + " MTProxy forwards to the DC by its id); --mtproxy tries an MTProxy on the embedded test DC");
        }
        if (json && trace) {
            throw new UsageException("mtj connect: --json and --trace cannot be combined (the trace is not JSON)");
        }
        if (trustCert != null && !transport.secure() && (proxy == null || proxy.scheme() != ProxyUri.Scheme.HTTPS)) {
            throw new UsageException("mtj connect: --trust-cert is for a TLS peer: --transport websocket-secure or an"
                    + " https:// --proxy");
        }
        if (transport.secure() && dc == null) {
            throw new UsageException("mtj connect: --transport websocket-secure needs --dc and --rsa-key (the embedded"
                    + " test DC serves plain WebSocket only; use --transport websocket)");
        }
        return new ConnectOptions(
                dc,
                dcId,
                telegram,
                testServers,
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
                timeout,
                trustCert,
                json);
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
