package io.mtj.cli;

import io.mtj.transport.mtproxy.MtProxySecret;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The options of {@code mtj testdc}.
 *
 * @param port the port to listen on; 0 picks a free one
 * @param chaos the {@code --chaos} spec (see {@link io.mtj.testdc.ChaosSpec}), or null
 * @param mtproxy the secret of an MTProxy listener in front of the DC, or null for none
 * @param webSocket whether the DC also has a WebSocket ({@code /apiws}) listener
 * @param tls whether that WebSocket listener also gets a TLS front ({@code wss}) with a generated self-signed
 *     certificate
 */
record TestDcOptions(
        String host,
        int port,
        int dcId,
        boolean verbose,
        @Nullable MtProxySecret mtproxy,
        boolean webSocket,
        boolean tls,
        @Nullable String chaos) {
    static final String DEFAULT_HOST = "127.0.0.1";

    /** Every option of {@code mtj testdc}, in the order its help lists them. */
    static final List<Option> OPTIONS = List.of(
            Option.valued("--host", "ADDRESS", "loopback address to listen on (default " + DEFAULT_HOST + ")"),
            Option.valued("--port", "N", "port to listen on, 0 for any free port (default 0)"),
            Option.valued(
                    "--dc-id", "N", "the dc id it reports as this_dc (default " + ConnectOptions.DEFAULT_DC_ID + ")"),
            Option.valued("--mtproxy", "SECRET", """
                    also listen as an MTProxy with this secret: 32 hex digits (plain),
                    dd + 32 (padded) or ee + 32 + the domain in hex (fake TLS)"""),
            Option.flag("--websocket", "also listen for WebSocket clients (ws://HOST:PORT/apiws)"),
            Option.flag("--tls", """
                    with --websocket: put TLS before it (wss://) with a self-signed
                    certificate generated for this run, printed for --trust-cert"""),
            Option.valued("--chaos", "SPEC", """
                    apply faults continuously, e.g. close-every=64KB,kill=random,skew=+3600s
                    (grammar in mtj-testdc/README.md); prints the executions at the end"""),
            Option.VERBOSE);

    /** The defaults with these address settings and no extra listeners. */
    TestDcOptions(String host, int port, int dcId, boolean verbose) {
        this(host, port, dcId, verbose, null, false, false, null);
    }

    static TestDcOptions parse(List<String> args) throws UsageException {
        String host = DEFAULT_HOST;
        int port = 0;
        int dcId = ConnectOptions.DEFAULT_DC_ID;
        boolean verbose = false;
        String chaos = null;
        MtProxySecret mtproxy = null;
        boolean webSocket = false;
        boolean tls = false;
        OptionReader r = new OptionReader("testdc", args, OPTIONS);
        while (r.advance()) {
            switch (r.name()) {
                case "--host" -> host = r.value();
                case "--port" -> port = r.intValue(0, 65535);
                case "--dc-id" -> dcId = r.intValue(1, 9999);
                case "--mtproxy" -> {
                    try {
                        mtproxy = MtProxySecret.parse(r.value());
                    } catch (IllegalArgumentException e) {
                        // the value is a secret: the message names what is wrong, never the value
                        throw new UsageException(
                                "mtj testdc: --mtproxy expects an MTProxy secret in hex (" + e.getMessage() + ")");
                    }
                }
                case "--websocket" -> webSocket = true;
                case "--tls" -> tls = true;
                case "--verbose" -> verbose = true;
                case "--chaos" -> chaos = r.value();
                default -> throw new IllegalStateException("unhandled option " + r.name());
            }
        }
        if (tls && !webSocket) {
            throw new UsageException(
                    "mtj testdc: --tls puts TLS before the WebSocket listener, so it needs --websocket");
        }
        return new TestDcOptions(host, port, dcId, verbose, mtproxy, webSocket, tls, chaos);
    }
}
