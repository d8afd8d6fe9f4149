package io.mtj.cli;

import io.mtj.api.telegram.TelegramRegistry;
import io.mtj.testdc.ChaosSpec;
import io.mtj.testdc.HandshakeException;
import io.mtj.testdc.ReceivedRequest;
import io.mtj.testdc.TestDc;
import io.mtj.transport.mtproxy.MtProxyLink;
import io.mtj.transport.mtproxy.MtProxySecret;
import io.mtj.transport.ws.WebSocketHandshake;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * {@code mtj testdc}: a standalone test DC on loopback. Prints its address, public key and
 * fingerprint, then one line per API call and per rejected handshake, until stopped.
 */
final class TestDcCommand implements Command {
    private static final Duration POLL = Duration.ofMillis(200);

    @Override
    public String name() {
        return "testdc";
    }

    @Override
    public String summary() {
        return "run a test data centre on loopback until interrupted";
    }

    @Override
    public String description() {
        return """
                Prints its address, RSA key and fingerprint (and any MTProxy, WebSocket or TLS
                listener), then one line per call, until Ctrl-C.
                """;
    }

    @Override
    public List<Option> options() {
        return ClusterCommand.withClusterOptions(TestDcOptions.OPTIONS);
    }

    /** Runs the test DC until the JVM is asked to stop (Ctrl-C), then closes it before exiting. */
    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (ClusterCommand.wanted(args)) {
            return ClusterCommand.runUntilStopped(args, out);
        }
        TestDcOptions options = TestDcOptions.parse(args);
        return UntilStopped.run("mtj-testdc-stop", stop -> run(options, out, stop));
    }

    /**
     * Runs until {@code stop} is released (by the shutdown hook on Ctrl-C or SIGTERM, or by a test); with
     * {@code --chaos}, also when standard input ends.
     *
     * @return the exit code
     */
    static int run(TestDcOptions options, PrintStream out, CountDownLatch stop)
            throws UsageException, IOException, InterruptedException {
        return run(options, out, stop, System.in);
    }

    /** As {@link #run(TestDcOptions, PrintStream, CountDownLatch)}, reading {@code stdin} for its end. */
    static int run(TestDcOptions options, PrintStream out, CountDownLatch stop, InputStream stdin)
            throws UsageException, IOException, InterruptedException {
        InetAddress host = loopback(options.host());
        ChaosSpec chaos = chaos(options.chaos());
        SelfSignedTls tls = options.tls() ? SelfSignedTls.generate() : null;
        TestDc.Builder b = TestDc.builder()
                .host(host)
                .port(options.port())
                .dcId(options.dcId())
                .apiRegistry(TelegramRegistry.registry())
                .webSocket(options.webSocket());
        MtProxySecret secret = options.mtproxy();
        if (secret != null) {
            b.mtproxy(secret);
        }
        try (TestDc dc = b.build();
                TlsFront front = tls == null ? null : new TlsFront(tls.serverContext(), host, dc.webSocketAddress())) {
            String hostText = dc.address().getAddress().getHostAddress();
            String address = new DcAddress(hostText, dc.port()).toString();
            out.println("test DC " + dc.dcId() + " listening on " + address);
            out.println("RSA key fingerprint: " + Fingerprints.format(dc.fingerprint()));
            out.print(dc.publicKeyPem().endsWith("\n") ? dc.publicKeyPem() : dc.publicKeyPem() + "\n");
            out.println("connect with: mtj connect --dc " + address + " --dc-id " + dc.dcId()
                    + " --rsa-key FILE (the PEM above saved to FILE)");
            if (secret != null) {
                MtProxyLink link = new MtProxyLink(hostText, dc.mtproxyAddress().getPort(), secret);
                out.println("MTProxy (" + ConnectCommand.kind(secret) + " secret) listening on "
                        + new DcAddress(hostText, link.port()) + ": " + link.toTgUri());
                out.println("connect with: mtj connect --dc " + address + " --dc-id " + dc.dcId()
                        + " --rsa-key FILE --proxy '" + link.toTgUri() + "'");
            }
            if (options.webSocket()) {
                String ws = new DcAddress(hostText, dc.webSocketAddress().getPort()).toString();
                out.println("WebSocket listening on ws://" + ws + WebSocketHandshake.DEFAULT_PATH);
                out.println("connect with: mtj connect --dc " + ws + " --dc-id " + dc.dcId()
                        + " --rsa-key FILE --transport websocket");
            }
            if (front != null && tls != null) {
                String wss = new DcAddress(hostText, front.port()).toString();
                out.println("TLS WebSocket listening on wss://" + wss + WebSocketHandshake.DEFAULT_PATH
                        + " with this self-signed certificate, generated for this run:");
                out.print(tls.pem().endsWith("\n") ? tls.pem() : tls.pem() + "\n");
                out.println("connect with: mtj connect --dc " + wss + " --dc-id " + dc.dcId()
                        + " --rsa-key FILE --transport websocket-secure --trust-cert CERT"
                        + " (the certificate above saved to CERT)");
            }
            if (chaos != null) {
                dc.faults().chaos(chaos);
                out.println("chaos: " + chaos);
                out.println("press Ctrl-C or end standard input to stop");
                Thread.ofVirtual().name("mtj-testdc-stdin").start(() -> awaitEnd(stdin, stop));
            } else {
                out.println("press Ctrl-C to stop");
            }
            out.flush();
            int calls = 0;
            try {
                while (!stop.await(0, TimeUnit.MILLISECONDS)) {
                    ReceivedRequest request = dc.takeRequest(POLL);
                    if (request != null) {
                        calls++;
                        out.println("call " + calls + ": " + describe(request));
                    }
                    HandshakeException failure = dc.takeHandshakeFailure(Duration.ZERO);
                    if (failure != null) {
                        out.println("handshake rejected: " + failure.getMessage());
                    }
                    out.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.println("test DC stopped after " + dc.authKeysCreated() + " auth key(s), " + calls + " call(s)");
            if (chaos != null) {
                out.println(dc.executions());
            }
            out.flush();
        }
        return 0;
    }

    private static @Nullable ChaosSpec chaos(@Nullable String spec) throws UsageException {
        if (spec == null) {
            return null;
        }
        try {
            return ChaosSpec.parse(spec, new SecureRandom().nextLong());
        } catch (IllegalArgumentException e) {
            throw new UsageException("mtj testdc: --chaos: " + e.getMessage());
        }
    }

    /** Releases {@code stop} once {@code stdin} ends (or fails). */
    private static void awaitEnd(InputStream stdin, CountDownLatch stop) {
        byte[] buf = new byte[256];
        try {
            while (stdin.read(buf) >= 0) {
                // the content does not matter; only its end
            }
        } catch (IOException e) {
            // an unreadable standard input ends it as well
        }
        stop.countDown();
    }

    private static String describe(ReceivedRequest r) {
        Object method = r.method();
        String name = method == null
                ? "unknown method 0x" + Integer.toHexString(r.constructorId())
                : method.getClass().getSimpleName();
        StringBuilder s = new StringBuilder(name);
        if (r.layer() != 0) {
            s.append(" (layer ").append(r.layer()).append(')');
        }
        s.append(" session 0x").append(Long.toHexString(r.sessionId()));
        return s.toString();
    }

    private static InetAddress loopback(String host) throws UsageException {
        @Nullable InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            address = null;
        }
        if (address == null || !address.isLoopbackAddress()) {
            throw new UsageException(
                    "mtj testdc: --host expects a loopback address (127.0.0.1, ::1 or localhost), got '" + host + "'");
        }
        return address;
    }
}
