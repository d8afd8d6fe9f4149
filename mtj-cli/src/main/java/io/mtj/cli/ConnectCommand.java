package io.mtj.cli;

import io.mtj.api.telegram.TelegramRegistry;
import io.mtj.core.ClientConfig;
import io.mtj.core.KeyExchangeException;
import io.mtj.core.TelegramClient;
import io.mtj.core.TelegramServers;
import io.mtj.crypto.RsaPublicKey;
import io.mtj.testdc.TestDc;
import io.mtj.transport.Dialer;
import io.mtj.transport.Endpoint;
import io.mtj.transport.Resolver;
import io.mtj.transport.mtproxy.MtProxyLink;
import io.mtj.transport.mtproxy.MtProxySecret;
import io.mtj.transport.proxy.ProxyUri;
import io.mtj.transport.ws.WebSocketHandshake;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * {@code mtj connect}: dials a DC (an embedded test DC unless {@code --dc} is given), prints the six
 * steps as the client reports them, then the help.getConfig answer.
 */
final class ConnectCommand implements Command {
    /** The domain in the fake-TLS secret of the embedded MTProxy (its SNI; nothing is sent there). */
    static final String EMBEDDED_FAKE_TLS_DOMAIN = "www.example.com";

    @Override
    public String name() {
        return "connect";
    }

    @Override
    public String summary() {
        return "connect, create an auth key, call help.getConfig and print it";
    }

    @Override
    public String description() {
        return """
                With no --dc or --telegram, an embedded test DC is started on 127.0.0.1 and used,
                with a WebSocket listener for --transport websocket and an MTProxy for --mtproxy.
                """;
    }

    @Override
    public List<Option> options() {
        return ConnectOptions.OPTIONS;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        return run(ConnectOptions.parse(args), out, err);
    }

    /** A failure already phrased for the user: {@code step 3 (DH exchange) failed: ...}. */
    static final class StepFailure extends Exception {
        private static final long serialVersionUID = 1L;

        StepFailure(String message, @Nullable Throwable cause) {
            super(message, cause);
        }
    }

    /** Runs the command; returns the exit code. Failures are printed to {@code err} as one sentence. */
    static int run(ConnectOptions o, PrintStream out, PrintStream err) {
        if (o.json()) {
            return ConnectJson.run(o, out, err);
        }
        try {
            connect(o, out, new StepPrinter(out));
            return 0;
        } catch (StepFailure e) {
            err.println(e.getMessage());
            Throwable cause = e.getCause();
            if (o.verbose() && cause != null) {
                cause.printStackTrace(err);
            }
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("mtj connect: interrupted");
            return 130;
        }
    }

    /**
     * Connects as {@code o} says, printing what it does to {@code out} and each step through {@code steps}; returns
     * help.getConfig's answer.
     */
    static io.mtj.api.telegram.Config connect(ConnectOptions o, PrintStream out, StepPrinter steps)
            throws StepFailure, InterruptedException {
        TestDc dc = null;
        try {
            Endpoint endpoint;
            List<RsaPublicKey> keys;
            MtProxyLink mtProxy = o.mtProxy();
            DcAddress target = o.dc();
            Path keyFile = o.rsaKey();
            if (target == null && o.telegram()) {
                endpoint = TelegramServers.dc(o.dcId(), o.testServers());
                keys = keyFile != null ? loadKeys(keyFile) : List.of(TelegramServers.key(o.testServers()));
            } else if (target == null) {
                MtProxySecret secret = o.embeddedMtProxy() ? generatedSecret() : null;
                dc = startTestDc(o.dcId(), secret, o.transport().webSocket());
                String host = dc.address().getAddress().getHostAddress();
                endpoint = Endpoint.of(host, dc.port(), dc.dcId());
                keys = List.of(dc.publicKey());
                out.println("embedded test DC " + dc.dcId() + " on " + new DcAddress(endpoint.host(), endpoint.port())
                        + ", RSA key fingerprint " + Fingerprints.format(dc.fingerprint()));
                if (secret != null) {
                    mtProxy = new MtProxyLink(host, dc.mtproxyAddress().getPort(), secret);
                    out.println("embedded MTProxy on " + new DcAddress(host, mtProxy.port()) + " (" + kind(secret)
                            + " secret generated for this run): " + mtProxy.toTgUri());
                }
                if (o.transport().webSocket()) {
                    endpoint = Endpoint.of(host, dc.webSocketAddress().getPort(), dc.dcId());
                    out.println("embedded WebSocket listener on ws://" + new DcAddress(host, endpoint.port())
                            + WebSocketHandshake.DEFAULT_PATH);
                }
            } else {
                endpoint = new Endpoint(target.host(), target.port(), o.dcId(), o.testServers(), false);
                keys = keyFile != null ? loadKeys(keyFile) : List.of(TelegramServers.key(o.testServers()));
            }
            ClientConfig config = config(o, endpoint, keys, mtProxy, steps, out);
            String route;
            if (mtProxy != null) {
                route = "connecting to dc " + endpoint.dcId() + " through MTProxy "
                        + new DcAddress(mtProxy.server(), mtProxy.port()) + " (" + kind(mtProxy.secret()) + " secret)";
            } else {
                route = "connecting to " + new DcAddress(endpoint.host(), endpoint.port()) + " ("
                        + (o.telegram() ? "Telegram's " + (o.testServers() ? "test " : "") : "") + "dc "
                        + endpoint.dcId() + ") over " + o.transport().text();
            }
            out.println(route + (o.proxy() != null ? (mtProxy != null ? " via " : " through ") + o.proxy() : "")
                    + ", timeout " + o.timeout().toMillis() + " ms");
            out.flush();
            io.mtj.api.telegram.Config answer = connectWithin(config, steps, o.timeout(), o.proxy(), mtProxy);
            if (!o.json()) {
                ConfigPrinter.print(answer, out);
            }
            return answer;
        } finally {
            if (dc != null) {
                dc.close();
            }
        }
    }

    /** A fake-TLS ({@code ee}) secret with a random key, for the embedded MTProxy of one run. */
    private static MtProxySecret generatedSecret() {
        byte[] key = new byte[MtProxySecret.KEY_LENGTH];
        new SecureRandom().nextBytes(key);
        return MtProxySecret.fakeTls(key, EMBEDDED_FAKE_TLS_DOMAIN);
    }

    /** The secret kind as users know it: plain, dd (padded) or ee (fake TLS). */
    static String kind(MtProxySecret secret) {
        return switch (secret.kind()) {
            case PLAIN -> "plain";
            case PADDED -> "dd";
            case FAKE_TLS -> "ee";
        };
    }

    private static TestDc startTestDc(int dcId, @Nullable MtProxySecret mtProxy, boolean webSocket) throws StepFailure {
        try {
            TestDc.Builder b = TestDc.builder()
                    .dcId(dcId)
                    .rsaKey(EmbeddedDcKey.load(EmbeddedDcKey.defaultFile()))
                    .apiRegistry(TelegramRegistry.registry())
                    .webSocket(webSocket);
            if (mtProxy != null) {
                b.mtproxy(mtProxy);
            }
            return b.build();
        } catch (IOException e) {
            throw new StepFailure("mtj connect: the embedded test DC did not start: " + describe(e), e);
        }
    }

    private static List<RsaPublicKey> loadKeys(Path file) throws StepFailure {
        try {
            return ClientConfig.loadKeys(file);
        } catch (IOException | IllegalArgumentException e) {
            throw new StepFailure("mtj connect: cannot read the RSA key " + file + ": " + describe(e), e);
        }
    }

    private static ClientConfig config(
            ConnectOptions o,
            Endpoint endpoint,
            List<RsaPublicKey> keys,
            @Nullable MtProxyLink mtProxy,
            StepPrinter steps,
            PrintStream out)
            throws StepFailure {
        SSLContext trusted = null;
        Path trustCert = o.trustCert();
        if (trustCert != null) {
            try {
                trusted = TrustedCerts.context(trustCert);
            } catch (IOException e) {
                throw new StepFailure("mtj connect: --trust-cert " + trustCert + ": " + describe(e), e);
            }
        }
        Dialer dialer = Dialer.DIRECT;
        ProxyUri proxy = o.proxy();
        if (proxy != null) {
            dialer = proxy.dialer(dialer, Resolver.SYSTEM, trusted);
        }
        ClientConfig.Builder b = ClientConfig.builder(o.apiId(), o.apiHash())
                .endpoint(endpoint)
                .serverKeys(keys)
                .framing(o.transport().framing())
                .obfuscated(o.transport().obfuscated())
                .dialer(dialer)
                .listener(steps)
                .connectTimeout(o.timeout())
                .handshakeTimeout(o.timeout())
                .callTimeout(o.timeout());
        if (o.trace()) {
            b.frameListener(new FrameTracer(out));
        }
        if (mtProxy != null) {
            b.mtproxy(mtProxy);
        }
        if (proxy != null && o.transport() == TransportChoice.HTTP && proxy.scheme() == ProxyUri.Scheme.HTTP) {
            b.httpForwardProxy(proxy); // HTTP through an HTTP proxy: absolute-form requests, no CONNECT
        }
        if (o.transport().webSocket()) {
            b.webSocket(o.transport().secure());
            if (o.transport().secure() && trusted != null) {
                b.sslContext(trusted);
            }
        }
        Path session = o.session();
        if (session != null) {
            b.sessionFile(session);
        }
        return b.build();
    }

    /**
     * Connects on a virtual thread and waits at most {@code timeout}; past it the client is closed and
     * the connecting thread interrupted, which unblocks its socket.
     */
    private static io.mtj.api.telegram.Config connectWithin(
            ClientConfig config,
            StepPrinter steps,
            Duration timeout,
            @Nullable ProxyUri proxy,
            @Nullable MtProxyLink mtProxy)
            throws StepFailure, InterruptedException {
        TelegramClient client = new TelegramClient(config);
        CompletableFuture<io.mtj.api.telegram.Config> result = new CompletableFuture<>();
        Thread connecting = Thread.ofVirtual().name("mtj-connect").start(() -> {
            try {
                result.complete(client.connect());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            Step step = steps.current();
            throw new StepFailure(
                    step.label() + " failed: no answer within " + StepPrinter.millis(timeout) + " (--timeout)", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            Step step = steps.current();
            String what = describe(cause);
            if (step == Step.DIAL && cause instanceof ConnectException) {
                what = dialled(config.endpoint(), proxy, mtProxy) + " refused the connection (" + cause.getMessage()
                        + ")";
            } else if (step == Step.DIAL && cause instanceof IOException) {
                // unreachable network, no route, unknown host: the sentence names the address the dial went to
                what = "could not reach " + dialled(config.endpoint(), proxy, mtProxy) + ": " + what;
            }
            throw new StepFailure(step.label() + " failed: " + what, cause);
        } finally {
            client.close();
            connecting.interrupt();
            connecting.join(Duration.ofSeconds(5));
        }
    }

    /** The address step 1 dials: the proxy's, the MTProxy's or the DC's. */
    private static String dialled(Endpoint target, @Nullable ProxyUri proxy, @Nullable MtProxyLink mtProxy) {
        if (proxy != null) {
            return "proxy " + proxy;
        }
        if (mtProxy != null) {
            return "MTProxy " + new DcAddress(mtProxy.server(), mtProxy.port());
        }
        return new DcAddress(target.host(), target.port()).toString();
    }

    /** A failure as a short sentence; never includes key material (the libraries' messages do not). */
    static String describe(Throwable t) {
        String message = t.getMessage();
        if (t instanceof KeyExchangeException k && message != null) {
            String prefix = k.failure() + ": ";
            return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        }
        if (t instanceof javax.net.ssl.SSLHandshakeException && message != null && message.contains("PKIX")) {
            return "the server's TLS certificate is not trusted (a self-signed one can be trusted with --trust-cert"
                    + " FILE.pem): " + message;
        }
        if (t instanceof ConnectException) {
            return "connection refused" + (message != null ? " (" + message + ")" : "");
        }
        if (t instanceof SocketTimeoutException) {
            return "timed out" + (message != null ? " (" + message + ")" : "");
        }
        if (t instanceof UnknownHostException) {
            return "unknown host " + message;
        }
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName();
        }
        return message;
    }
}
