package io.mtj.testdc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mtj.core.ClientConfig;
import io.mtj.core.DeviceInfo;
import io.mtj.core.SessionOptions;
import io.mtj.core.TelegramClient;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.TestDc;
import io.mtj.testkit.ExternalTools;
import io.mtj.testkit.RealProxies;
import io.mtj.transport.Dialer;
import io.mtj.transport.Endpoint;
import io.mtj.transport.Framing;
import io.mtj.transport.mtproxy.MtProxyLink;
import io.mtj.transport.mtproxy.MtProxySecret;
import io.mtj.transport.proxy.HttpConnectDialer;
import io.mtj.transport.proxy.ProxyCredentials;
import io.mtj.transport.proxy.ProxyException;
import io.mtj.transport.proxy.Socks5Dialer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The "Transport layer II" acceptance matrix through the real client flow ({@link TelegramClient#connect()}):
 * {direct, SOCKS5, SOCKS5 with auth, HTTP, HTTP with auth, chained} x {intermediate, obfuscated, MTProxy
 * plain/dd/ee, WebSocket} x {ok, wrong credentials, proxy that never answers}. The proxies are real programs (dante,
 * tinyproxy) on loopback; counting relays in front of every proxy and every DC listener prove which hops each
 * connection took. Wrong credentials apply to the rows with authentication only. The never-answering cells run
 * concurrently in {@link #startEverything()} (they only wait) and are asserted per cell.
 */
class ProxyMatrixTest {
    private static final Duration OK_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SILENT_TIMEOUT = Duration.ofMillis(1500);
    private static final long SILENT_MARGIN_MS = 1000;
    private static final int DC_ID = 2;
    private static final ProxyCredentials HTTP_USER = new ProxyCredentials("alice", "tiny-s3cret");
    private static final ProxyCredentials HTTP_WRONG = new ProxyCredentials("alice", "wrong-http-pw");
    private static final ProxyCredentials SOCKS_USER =
            new ProxyCredentials(ExternalTools.SOCKS_USER, ExternalTools.SOCKS_PASSWORD);
    private static final ProxyCredentials SOCKS_WRONG =
            new ProxyCredentials(ExternalTools.SOCKS_USER, "wrong-socks-pw");

    enum Row {
        DIRECT,
        SOCKS5,
        SOCKS5_AUTH,
        HTTP,
        HTTP_AUTH,
        /** SOCKS5 (dante, no auth) reached through HTTP CONNECT (tinyproxy with Basic auth). */
        CHAINED;

        boolean authenticates() {
            return this == SOCKS5_AUTH || this == HTTP_AUTH || this == CHAINED;
        }
    }

    enum Column {
        INTERMEDIATE,
        OBFUSCATED,
        MTPROXY_PLAIN,
        MTPROXY_DD,
        MTPROXY_EE,
        WEBSOCKET
    }

    enum Outcome {
        OK,
        WRONG_CREDENTIALS,
        NEVER_ANSWERS
    }

    record Cell(Row row, Column column, Outcome outcome) {
        @Override
        public String toString() {
            return lower(row) + " x " + lower(column) + " x " + lower(outcome);
        }
    }

    /** What a never-answering cell observed. */
    record SilentResult(@Nullable Throwable failure, long elapsedMs) {}

    @TempDir
    static @Nullable Path dir;

    private static final List<AutoCloseable> started = new ArrayList<>();
    private static final Map<Cell, String> results = new ConcurrentHashMap<>();
    private static final Map<Cell, SilentResult> silentResults = new ConcurrentHashMap<>();
    private static @Nullable Rig rig;
    private static long startNanos;

    /** Everything the cells dial. */
    record Rig(
            TestDc dc,
            TestDc eeDc,
            MtProxySecret plain,
            MtProxySecret dd,
            MtProxySecret ee,
            Map<Column, CountingRelay> targets,
            CountingRelay dante,
            CountingRelay danteAuth,
            CountingRelay tiny,
            CountingRelay tinyAuth,
            int tinyAuthPort,
            SilentServer silent) {
        /** The DC listener a column dials (every column has one). */
        CountingRelay target(Column column) {
            return java.util.Objects.requireNonNull(targets.get(column), column::name);
        }
    }

    private static <T extends AutoCloseable> T track(T resource) {
        started.add(resource);
        return resource;
    }

    static Stream<Arguments> cells() {
        List<Arguments> out = new ArrayList<>();
        for (Row row : Row.values()) {
            for (Column column : Column.values()) {
                for (Outcome outcome : Outcome.values()) {
                    if (outcome != Outcome.WRONG_CREDENTIALS || row.authenticates()) {
                        out.add(Arguments.of(new Cell(row, column, outcome)));
                    }
                }
            }
        }
        return out.stream();
    }

    @BeforeAll
    static void startEverything() throws Exception {
        startNanos = System.nanoTime();
        ExternalTools.require(ExternalTools.DANTED);
        ExternalTools.require(ExternalTools.TINYPROXY);
        ExternalTools.requireRoot("dante's username method (socks5-auth row)");
        Path d = Objects.requireNonNull(dir);
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(4242);
        RsaKeyPair rsa = RsaKeyPair.generate2048(seeded);
        byte[] key = new byte[MtProxySecret.KEY_LENGTH];
        seeded.nextBytes(key);
        MtProxySecret plain = MtProxySecret.plain(key);
        MtProxySecret dd = MtProxySecret.padded(key);
        MtProxySecret ee = MtProxySecret.fakeTls(key, "example.com");
        // the MTProxy listener checks the key, so one listener serves plain and dd; ee needs its own
        TestDc dc = track(TestDc.builder()
                .dcId(DC_ID)
                .rsaKey(rsa)
                .mtproxy(plain)
                .webSocket(true)
                .build());
        TestDc eeDc = track(TestDc.builder().dcId(DC_ID).rsaKey(rsa).mtproxy(ee).build());
        Map<Column, CountingRelay> targets = new EnumMap<>(Column.class);
        CountingRelay direct = track(new CountingRelay("dc", dc.address()));
        CountingRelay mtproxy = track(new CountingRelay("mtproxy", dc.mtproxyAddress()));
        targets.put(Column.INTERMEDIATE, direct);
        targets.put(Column.OBFUSCATED, direct);
        targets.put(Column.MTPROXY_PLAIN, mtproxy);
        targets.put(Column.MTPROXY_DD, mtproxy);
        targets.put(Column.MTPROXY_EE, track(new CountingRelay("mtproxy-ee", eeDc.mtproxyAddress())));
        targets.put(Column.WEBSOCKET, track(new CountingRelay("websocket", dc.webSocketAddress())));
        SilentServer silent = track(new SilentServer());

        RealProxies.Running danteProcess = track(RealProxies.danted(d, false));
        RealProxies.Running danteAuthProcess = track(RealProxies.danted(d, true));
        CountingRelay dante = track(new CountingRelay("dante", loopback(danteProcess.port())));
        CountingRelay danteAuth = track(new CountingRelay("dante-auth", loopback(danteAuthProcess.port())));
        List<Integer> connectPorts = new ArrayList<>();
        for (CountingRelay target : targets.values()) {
            connectPorts.add(target.port());
        }
        connectPorts.add(dante.port());
        connectPorts.add(silent.port());
        RealProxies.Running tinyProcess = track(RealProxies.tinyproxy(d, List.copyOf(connectPorts), null, null));
        RealProxies.Running tinyAuthProcess =
                track(RealProxies.tinyproxy(d, List.copyOf(connectPorts), HTTP_USER.username(), HTTP_USER.password()));
        CountingRelay tiny = track(new CountingRelay("tinyproxy", loopback(tinyProcess.port())));
        CountingRelay tinyAuth = track(new CountingRelay("tinyproxy-auth", loopback(tinyAuthProcess.port())));
        rig = new Rig(
                dc, eeDc, plain, dd, ee, targets, dante, danteAuth, tiny, tinyAuth, tinyAuthProcess.port(), silent);
        runSilentCellsConcurrently();
    }

    /** The never-answering cells only wait for their timeout, so they all run at once, each timed on its own. */
    private static void runSilentCellsConcurrently() throws InterruptedException {
        List<Thread> threads = new CopyOnWriteArrayList<>();
        for (Row row : Row.values()) {
            for (Column column : Column.values()) {
                Cell cell = new Cell(row, column, Outcome.NEVER_ANSWERS);
                threads.add(Thread.ofVirtual().name("silent-" + cell).start(() -> {
                    long t0 = System.nanoTime();
                    Throwable failure = null;
                    try {
                        failure = catchThrowable(() -> connect(cell));
                    } finally {
                        silentResults.put(
                                cell, new SilentResult(failure, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)));
                    }
                }));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Thread t : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0 || !t.join(Duration.ofMillis(left))) {
                t.interrupt();
            }
        }
    }

    @AfterAll
    static void stopEverything() throws Exception {
        Exception failure = null;
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        started.clear();
        rig = null;
        printMatrix();
        if (failure != null) {
            throw failure;
        }
    }

    private static Rig rig() {
        return Objects.requireNonNull(rig, "servers not started");
    }

    private static final InetAddress V4;

    static {
        try {
            V4 = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** 127.0.0.1:port, shown as the literal (no name) in messages. */
    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(V4, port);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    // ---- building one cell's client ----

    /** The dialer for the row: real proxies behind counting relays, wrong credentials or the silent server. */
    private static Dialer dialer(Cell cell) {
        Rig r = rig();
        boolean wrong = cell.outcome() == Outcome.WRONG_CREDENTIALS;
        boolean silent = cell.outcome() == Outcome.NEVER_ANSWERS;
        InetSocketAddress silentAddress = loopback(r.silent().port());
        return switch (cell.row()) {
            case DIRECT -> Dialer.DIRECT;
            case SOCKS5 ->
                new Socks5Dialer(
                        Dialer.DIRECT,
                        silent ? silentAddress : loopback(r.dante().port()),
                        null);
            case SOCKS5_AUTH ->
                new Socks5Dialer(
                        Dialer.DIRECT,
                        silent ? silentAddress : loopback(r.danteAuth().port()),
                        wrong ? SOCKS_WRONG : SOCKS_USER);
            case HTTP ->
                new HttpConnectDialer(
                        Dialer.DIRECT,
                        silent ? silentAddress : loopback(r.tiny().port()),
                        null);
            case HTTP_AUTH ->
                new HttpConnectDialer(
                        Dialer.DIRECT,
                        silent ? silentAddress : loopback(r.tinyAuth().port()),
                        wrong ? HTTP_WRONG : HTTP_USER);
            case CHAINED -> {
                // the silent "SOCKS5 proxy" is the last hop, reached through the real tinyproxy (bypassing its relay
                // so the concurrent silent cells never touch a counted hop)
                HttpConnectDialer first = new HttpConnectDialer(
                        Dialer.DIRECT,
                        loopback(silent ? r.tinyAuthPort() : r.tinyAuth().port()),
                        wrong ? HTTP_WRONG : HTTP_USER);
                yield new Socks5Dialer(
                        first, silent ? silentAddress : loopback(r.dante().port()), null);
            }
        };
    }

    private static ClientConfig config(Cell cell) {
        Rig r = rig();
        boolean silent = cell.outcome() == Outcome.NEVER_ANSWERS;
        // in the direct row the silent server stands in for whatever the client dials first
        int target = silent && cell.row() == Row.DIRECT
                ? r.silent().port()
                : r.target(cell.column()).port();
        Duration timeout = silent ? SILENT_TIMEOUT : OK_TIMEOUT;
        // through a silent proxy the proxy's own timeout (the connect timeout) must be what fires: the
        // handshake watchdog, started before the first hop, would otherwise race it by a few ms
        Duration handshake = silent && cell.row() != Row.DIRECT ? timeout.plusMillis(SILENT_MARGIN_MS) : timeout;
        ClientConfig.Builder b = ClientConfig.builder(12345, "0123456789abcdef0123456789abcdef")
                .serverKeys(List.of(r.dc().publicKey()))
                .device(new DeviceInfo("JUnit", "Proxy matrix", "9.9", "en", "", "en"))
                .dialer(dialer(cell))
                .connectTimeout(timeout)
                .handshakeTimeout(handshake)
                .callTimeout(OK_TIMEOUT)
                .sessionOptions(SessionOptions.defaults().withPingInterval(Duration.ZERO));
        Endpoint dcEndpoint = Endpoint.of("127.0.0.1", r.dc().port(), DC_ID);
        switch (cell.column()) {
            case INTERMEDIATE ->
                b.endpoint(Endpoint.of("127.0.0.1", target, DC_ID))
                        .framing(Framing.INTERMEDIATE)
                        .obfuscated(false);
            case OBFUSCATED ->
                b.endpoint(Endpoint.of("127.0.0.1", target, DC_ID))
                        .framing(Framing.PADDED_INTERMEDIATE)
                        .obfuscated(true);
            case MTPROXY_PLAIN -> b.endpoint(dcEndpoint).mtproxy(new MtProxyLink("127.0.0.1", target, r.plain()));
            case MTPROXY_DD -> b.endpoint(dcEndpoint).mtproxy(new MtProxyLink("127.0.0.1", target, r.dd()));
            case MTPROXY_EE -> b.endpoint(dcEndpoint).mtproxy(new MtProxyLink("127.0.0.1", target, r.ee()));
            case WEBSOCKET ->
                b.endpoint(Endpoint.of("127.0.0.1", target, DC_ID)).webSocket(false);
        }
        return b.build();
    }

    private static io.mtj.api.telegram.Config connect(Cell cell) throws IOException, InterruptedException {
        try (TelegramClient client = new TelegramClient(config(cell))) {
            return client.connect();
        }
    }

    /** The relays of the proxy hops an ok cell must pass, in order. */
    private static List<CountingRelay> hops(Row row) {
        Rig r = rig();
        return switch (row) {
            case DIRECT -> List.of();
            case SOCKS5 -> List.of(r.dante());
            case SOCKS5_AUTH -> List.of(r.danteAuth());
            case HTTP -> List.of(r.tiny());
            case HTTP_AUTH -> List.of(r.tinyAuth());
            case CHAINED -> List.of(r.tinyAuth(), r.dante());
        };
    }

    private static List<CountingRelay> allRelays() {
        Rig r = rig();
        List<CountingRelay> all = new ArrayList<>(List.of(r.dante(), r.danteAuth(), r.tiny(), r.tinyAuth()));
        for (CountingRelay t : r.targets().values()) {
            if (!all.contains(t)) {
                all.add(t);
            }
        }
        return all;
    }

    private static Map<String, Integer> counts() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        for (CountingRelay relay : allRelays()) {
            out.put(relay.name(), relay.accepted());
        }
        return out;
    }

    private static @Nullable ProxyException proxyCause(@Nullable Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ProxyException p) {
                return p;
            }
        }
        return null;
    }

    // ---- the matrix ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void cell(Cell cell) throws Exception {
        results.put(cell, "FAIL");
        switch (cell.outcome()) {
            case OK -> assertOk(cell);
            case WRONG_CREDENTIALS -> assertWrongCredentials(cell);
            case NEVER_ANSWERS -> assertNeverAnswers(cell);
        }
        results.put(cell, "pass");
    }

    private static void assertOk(Cell cell) throws Exception {
        Rig r = rig();
        TestDc served = cell.column() == Column.MTPROXY_EE ? r.eeDc() : r.dc();
        int keysBefore = served.authKeysCreated();
        Map<String, Integer> before = counts();
        io.mtj.api.telegram.Config config = connect(cell);
        assertThat(config.thisDc()).isEqualTo(DC_ID);
        assertThat(served.authKeysCreated()).isEqualTo(keysBefore + 1);
        // exactly one connection through each proxy hop of the row and into the column's listener, none elsewhere
        Map<String, Integer> expected = new java.util.TreeMap<>(before);
        for (CountingRelay hop : hops(cell.row())) {
            expected.merge(hop.name(), 1, Integer::sum);
        }
        expected.merge(r.target(cell.column()).name(), 1, Integer::sum);
        assertThat(counts()).isEqualTo(expected);
    }

    private static void assertWrongCredentials(Cell cell) {
        Map<String, Integer> before = counts();
        int dcKeys = rig().dc().authKeysCreated() + rig().eeDc().authKeysCreated();
        Throwable thrown = catchThrowable(() -> connect(cell));
        assertThat(thrown).isInstanceOf(IOException.class);
        ProxyException proxy = proxyCause(thrown);
        assertThat(proxy).as("a ProxyException in %s", thrown).isNotNull();
        // in the chain the SOCKS5 hop reports it could not be reached, caused by the HTTP hop's rejection
        ProxyException rejected = cell.row() == Row.CHAINED
                ? proxyCause(Objects.requireNonNull(proxy).getCause())
                : proxy;
        assertThat(Objects.requireNonNull(rejected).kind()).isEqualTo(ProxyException.Kind.AUTHENTICATION);
        for (Throwable c = thrown; c != null; c = c.getCause()) {
            assertThat(String.valueOf(c.getMessage()))
                    .doesNotContain("wrong-http-pw")
                    .doesNotContain("wrong-socks-pw");
        }
        // nothing reached a DC listener
        Map<String, Integer> after = counts();
        for (CountingRelay target : rig().targets().values()) {
            assertThat(after.get(target.name())).isEqualTo(before.get(target.name()));
        }
        assertThat(rig().dc().authKeysCreated() + rig().eeDc().authKeysCreated())
                .isEqualTo(dcKeys);
    }

    private static void assertNeverAnswers(Cell cell) {
        SilentResult result = silentResults.get(cell);
        assertThat(result).as("the silent run of %s", cell).isNotNull();
        SilentResult r = Objects.requireNonNull(result);
        assertThat(r.failure()).as("connect() through a silent peer").isInstanceOf(IOException.class);
        assertThat(r.elapsedMs())
                .as("failed within the %d ms timeout plus %d ms", SILENT_TIMEOUT.toMillis(), SILENT_MARGIN_MS)
                .isBetween(SILENT_TIMEOUT.toMillis() - 100, SILENT_TIMEOUT.toMillis() + SILENT_MARGIN_MS);
        String within = "within " + SILENT_TIMEOUT.toMillis() + " ms";
        if (cell.row() == Row.DIRECT) {
            // the silent peer is the DC / MTProxy / WebSocket server itself: the handshake watchdog ends it
            assertThat(r.failure())
                    .isInstanceOf(SocketTimeoutException.class)
                    // the address named is the one dialled: the MTProxy's in the MTProxy columns
                    .hasMessage("connecting to "
                            + (cell.column().name().startsWith("MTPROXY")
                                    ? "MTProxy 127.0.0.1:" + rig().silent().port() + " (for dc " + DC_ID + ")"
                                    : "127.0.0.1:" + rig().silent().port())
                            + " did not finish the handshake " + within);
        } else {
            ProxyException proxy = proxyCause(r.failure());
            assertThat(proxy).as("a ProxyException in %s", r.failure()).isNotNull();
            assertThat(Objects.requireNonNull(proxy).kind()).isEqualTo(ProxyException.Kind.TIMEOUT);
            assertThat(proxy.getMessage())
                    .contains(" proxy 127.0.0.1:" + rig().silent().port() + " did not complete CONNECT")
                    .contains(within);
        }
        results.put(cell, "pass (" + r.elapsedMs() + " ms)");
    }

    private static void printMatrix() {
        StringBuilder out = new StringBuilder(
                "\nTransport layer II matrix (rows x columns x {ok, wrong credentials, never answers}):\n");
        int passed = 0;
        int total = 0;
        for (Row row : Row.values()) {
            for (Column column : Column.values()) {
                StringBuilder line =
                        new StringBuilder(String.format(Locale.ROOT, "  %-12s x %-14s:", lower(row), lower(column)));
                for (Outcome outcome : Outcome.values()) {
                    Cell cell = new Cell(row, column, outcome);
                    String result;
                    if (outcome == Outcome.WRONG_CREDENTIALS && !row.authenticates()) {
                        result = "n/a";
                    } else {
                        total++;
                        result = results.getOrDefault(cell, "not run");
                        if (result.startsWith("pass")) {
                            passed++;
                        }
                    }
                    line.append(' ')
                            .append(lower(outcome))
                            .append('=')
                            .append(result)
                            .append(';');
                }
                out.append(line).append('\n');
            }
        }
        out.append("  ")
                .append(passed)
                .append('/')
                .append(total)
                .append(" cells passed in ")
                .append(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos))
                .append(" ms\n");
        System.out.println(out);
    }

    /** Accepts connections and never sends a byte; close() closes them all. */
    static final class SilentServer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        private final List<Socket> held = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        SilentServer() throws IOException {
            acceptor = Thread.ofVirtual().name("silent-server").start(() -> {
                while (!server.isClosed()) {
                    try {
                        held.add(server.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : held) {
                s.close();
            }
            try {
                acceptor.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
