package io.mtj.cli;

import io.mtj.api.mtproto.Ping;
import io.mtj.api.telegram.HelpGetNearestDc;
import io.mtj.api.telegram.TelegramRegistry;
import io.mtj.core.ClientConfig;
import io.mtj.core.OutcomeUnknownException;
import io.mtj.core.TelegramClient;
import io.mtj.crypto.RsaPublicKey;
import io.mtj.testdc.TestDc;
import io.mtj.transport.Dialer;
import io.mtj.transport.Endpoint;
import io.mtj.transport.mtproxy.MtProxyLink;
import io.mtj.transport.proxy.ProxyUri;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

/**
 * {@code mtj ping}: sends {@code --count} calls over one client, at most {@code --inflight} waiting at once, and ends
 * with one line: {@code N sent, A answered, F failed, U unknown, X calls/s, p50 Y ms, p99 Z ms}. Failed and unknown
 * calls are counted, not retried; the exit status is 0 only when every call was answered. With no {@code --dc} it
 * starts an embedded test DC, as connect does.
 */
final class PingCommand implements Command {
    @Override
    public String name() {
        return "ping";
    }

    @Override
    public String summary() {
        return "send many calls over one client and report answered, failed, unknown, rate and latency";
    }

    @Override
    public String description() {
        return """
                Ends with one line: N sent, A answered, F failed, U unknown, X calls/s, p50 Y ms, p99 Z ms.
                With no --dc, an embedded test DC is started and used, as for connect.
                """;
    }

    @Override
    public List<Option> options() {
        return PingOptions.OPTIONS;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        return run(PingOptions.parse(args), out, err);
    }

    static int run(PingOptions o, PrintStream out, PrintStream err) throws Exception {
        ConnectOptions r = o.route();
        TestDc dc = null;
        try {
            Endpoint endpoint;
            List<RsaPublicKey> keys;
            DcAddress target = r.dc();
            Path keyFile = r.rsaKey();
            if (target == null || keyFile == null) {
                dc = TestDc.builder()
                        .dcId(r.dcId())
                        .apiRegistry(TelegramRegistry.registry())
                        .webSocket(r.transport().webSocket())
                        .build();
                String host = dc.address().getAddress().getHostAddress();
                int port = r.transport().webSocket() ? dc.webSocketAddress().getPort() : dc.port();
                endpoint = Endpoint.of(host, port, dc.dcId());
                keys = List.of(dc.publicKey());
                out.println("embedded test DC " + dc.dcId() + " on " + new DcAddress(host, dc.port()));
            } else {
                endpoint = Endpoint.of(target.host(), target.port(), r.dcId());
                keys = ClientConfig.loadKeys(keyFile);
            }
            try (TelegramClient client = new TelegramClient(config(r, endpoint, keys))) {
                client.connect();
                out.println("sending " + o.count() + " " + o.method().text + " calls to dc " + endpoint.dcId() + " at "
                        + new DcAddress(endpoint.host(), endpoint.port()) + ", " + o.inflight() + " in flight");
                out.flush();
                PingStats stats = send(client, o, out);
                return stats.answered() == o.count() ? 0 : 1;
            }
        } finally {
            if (dc != null) {
                dc.close();
            }
        }
    }

    private static PingStats send(TelegramClient client, PingOptions o, PrintStream out) throws InterruptedException {
        PingStats stats = new PingStats(o.count());
        Semaphore window = new Semaphore(o.inflight());
        CountDownLatch all = new CountDownLatch(o.count());
        SplittableRandom ids = new SplittableRandom();
        long start = System.nanoTime();
        for (int i = 0; i < o.count(); i++) {
            window.acquire();
            long sent = System.nanoTime();
            CompletableFuture<?> call = o.method() == PingOptions.Method.PING
                    ? client.invoke(new Ping(ids.nextLong()))
                    : client.invoke(new HelpGetNearestDc());
            call.whenComplete((value, error) -> {
                if (error == null) {
                    stats.answered(System.nanoTime() - sent);
                } else if (unwrap(error) instanceof OutcomeUnknownException) {
                    stats.unknown();
                } else {
                    stats.failed();
                }
                window.release();
                all.countDown();
            });
        }
        all.await();
        out.println(stats.line(System.nanoTime() - start));
        return stats;
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private static ClientConfig config(ConnectOptions o, Endpoint endpoint, List<RsaPublicKey> keys) {
        Dialer dialer = Dialer.DIRECT;
        ProxyUri proxy = o.proxy();
        if (proxy != null) {
            dialer = proxy.dialer(dialer);
        }
        ClientConfig.Builder b = ClientConfig.builder(o.apiId(), o.apiHash())
                .endpoint(endpoint)
                .serverKeys(keys)
                .framing(o.transport().framing())
                .obfuscated(o.transport().obfuscated())
                .dialer(dialer)
                .connectTimeout(o.timeout())
                .handshakeTimeout(o.timeout())
                .callTimeout(o.timeout());
        MtProxyLink mtProxy = o.mtProxy();
        if (mtProxy != null) {
            b.mtproxy(mtProxy);
        }
        if (o.transport().webSocket()) {
            b.webSocket(o.transport().secure());
        }
        Path session = o.session();
        if (session != null) {
            b.sessionFile(session);
        }
        return b.build();
    }
}
